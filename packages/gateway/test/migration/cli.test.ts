import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/migration/cli.js';
import { SqliteStore } from '../../src/store/index.js';
import { capturingLogger, legacyFiles, writeJson } from './helpers.js';

describe('pnpm migrate (CLI)', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-cli-'));
    env = { GATEWAY_SQLITE_PATH: join(dir, 'gateway.sqlite'), MCP_BACKUP_DIR: join(dir, 'backups') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cli = async (argv: string[], extraEnv: Record<string, string> = {}, tty?: { write(t: string): unknown }) => {
    let out = '';
    const { logger, lines } = capturingLogger();
    const code = await runCli(argv, { ...env, ...extraEnv }, { out: (t) => (out += t), logger, tty });
    return { code, out, lines };
  };
  const stored = async () => {
    const store = new SqliteStore({ path: env.GATEWAY_SQLITE_PATH! });
    await store.migrate();
    const [configs, runs] = [await store.listConfigs(), await store.listMigrationRuns()];
    await store.close();
    return { configs, runs };
  };

  it('dry-run prints the plan and writes nothing; import writes; runs lists; rollback restores', async () => {
    const files = legacyFiles(dir, 9);
    const dry = await cli(['--dry-run', ...files]);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^plan: 9 to add, 0 to change, 0 unchanged, 0 conflicts \(store holds 0\)$/m);
    expect(dry.out).toMatch(/^ {2}\+ svc-008 {2}\(.*mcp_config\.json\)$/m);
    expect(dry.out).toMatch(/dry run: nothing was written/);
    expect(await stored()).toEqual({ configs: [], runs: [] });

    const run = await cli(['import', ...files]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/migration succeeded: counts and hashes verified/);
    expect(run.out).toMatch(/timings \(ms\): read [\d.]+, plan [\d.]+, backup [\d.]+, write [\d.]+, verify [\d.]+/);
    expect((await stored()).configs).toHaveLength(9);

    const runs = await cli(['runs', '--json']);
    expect(JSON.parse(runs.out)).toMatchObject([{ command: 'import', outcome: 'succeeded' }]);

    const back = await cli(['rollback']);
    expect(back.code).toBe(0);
    expect(back.out).toMatch(/^rolled back to .*mcp_.*\.json \(previous state saved in .*_pre-rollback\.json\)$/m);
    expect((await stored()).configs).toEqual([]);
  });

  it('--validate reports every problem with file and entry and exits 2', async () => {
    const bad = writeJson(dir, 'mcp_config.json', {
      servers: [
        { name: 'a', port: 1 },
        { name: 'a', port: 2 },
        { name: 'b', transport: 'carrier-pigeon', port: 3 },
      ],
    });
    const result = await cli(['--validate', bad]);
    expect(result.code).toBe(2);
    expect(result.out).toContain(`${bad} › a: duplicate name (first defined at servers[0])`);
    expect(result.out).toContain(`${bad} › b: unknown transport "carrier-pigeon"`);
    expect(result.out).toMatch(/^INVALID: 2 problem\(s\) found; nothing was written$/m);
    expect((await stored()).runs).toEqual([]);
  });

  it('a failed run is logged at error level and posted to MCP_ALERT_WEBHOOK_URL', async () => {
    const received: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const bad = writeJson(dir, '.mcp.json', { mcpServers: { x: {} } });
      const result = await cli([bad], { MCP_ALERT_WEBHOOK_URL: url });
      expect(result.code).toBe(2);
      expect(result.lines.some((l) => l.level === 'error' && l.msg === 'config migration failed')).toBe(true);
      expect(received).toEqual([expect.objectContaining({ event: 'mcp.migration.failed', outcome: 'invalid', sources: [bad] })]);
    } finally {
      server.close();
    }
  });

  it('draws a progress bar on a terminal', async () => {
    let screen = '';
    const result = await cli(legacyFiles(dir, 30), {}, { write: (t) => (screen += t) });
    expect(result.code).toBe(0);
    expect(screen).toMatch(/\rwrite \[#+\] 30\/30 100%\n$/);
    expect(result.lines.some((l) => l.msg === 'migration progress')).toBe(false);
  });

  it('rejects invalid flags and usage with one clear line', async () => {
    expect((await cli(['x.json'], { MCP_MIGRATION_MODE: 'yolo' })).out).toMatch(
      /^invalid feature flags: MCP_MIGRATION_MODE must be safe, full or rollback \(got "yolo"\)/,
    );
    expect((await cli(['--bogus'])).code).toBe(2);
    // a mistyped webhook is refused before anything runs, without echoing it (webhook URLs carry tokens)
    const badHook = await cli(legacyFiles(dir, 3), { MCP_ALERT_WEBHOOK_URL: 'hooks.example.com/T0KEN' });
    expect(badHook.code).toBe(2);
    expect(badHook.out).toMatch(/^invalid settings: MCP_ALERT_WEBHOOK_URL must be an http:\/\/ or https:\/\/ URL/);
    expect(badHook.out).not.toContain('T0KEN');
    expect((await stored()).runs).toEqual([]);
    expect((await cli(['--dry-run', ...legacyFiles(dir, 3)], { MCP_ALERT_WEBHOOK_URL: '' })).code).toBe(0);
    const refused = await cli(legacyFiles(dir, 3), { MCP_MIGRATION_MODE: 'rollback' });
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/imports are disabled/);
  });
});
