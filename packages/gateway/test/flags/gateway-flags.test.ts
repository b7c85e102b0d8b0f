import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/server.js';
import { SqliteStore } from '../../src/store/index.js';

const ADMIN = 'admin-key-for-flag-tests-123';
const dir = mkdtempSync(join(tmpdir(), 'gw-flags-'));
let gateway: ReturnType<typeof createGateway>;
let base: string;

beforeAll(async () => {
  writeFileSync(join(dir, '.mcp.json'), JSON.stringify({ mcpServers: {} }));
  gateway = createGateway({
    LOG_LEVEL: 'silent',
    MCP_CONFIG: join(dir, '.mcp.json'),
    GATEWAY_SQLITE_PATH: join(dir, 'gateway.sqlite'),
    GATEWAY_ADMIN_API_KEYS: ADMIN,
    GATEWAY_WATCH: 'false',
    MCP_MIGRATION_MODE: 'full',
    MCP_SHUTDOWN_DRAIN_MS: '200',
    GATEWAY_STATE_POLL_MS: '100',
  });
  base = (await gateway.start({ port: 0, host: '127.0.0.1' })).url.replace(/\/mcp$/, '');
});
afterAll(async () => {
  await gateway.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('gateway: /api/v1/flags', () => {
  it('serves the flags from the env and changes them at run time, as events', async () => {
    const headers = { 'x-api-key': ADMIN, 'content-type': 'application/json' };
    expect((await fetch(`${base}/api/v1/flags`)).status).toBe(401);
    const got = (await (await fetch(`${base}/api/v1/flags`, { headers })).json()) as { flags: Record<string, unknown> };
    expect(got.flags).toEqual({ MCP_USE_NEW_SYSTEM: true, MCP_MIGRATION_MODE: 'full', MCP_BACKUP_VALIDATION: true, MCP_ENABLE_AUTO_ROLLBACK: false });
    const put = await fetch(`${base}/api/v1/flags`, { method: 'PUT', headers, body: JSON.stringify({ MCP_ENABLE_AUTO_ROLLBACK: true }) });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { flags: Record<string, unknown> }).flags.MCP_ENABLE_AUTO_ROLLBACK).toBe(true);
    // the change is on the admin event stream (replayed from the buffer)
    const sse = await fetch(`${base}/api/v1/mcp/events`, { headers: { ...headers, 'last-event-id': '0' } });
    const reader = sse.body!.getReader();
    let text = '';
    while (!text.includes('flag.changed')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toMatch(/"flag":"MCP_ENABLE_AUTO_ROLLBACK"/);

    // …and an audit entry, committed before the answer: by kind and action, in the API and the export
    const audit = (await (await fetch(`${base}/api/v1/audit?kind=admin&tool=flag.changed`, { headers })).json()) as { entries: Record<string, unknown>[] };
    expect(audit.entries).toEqual([
      expect.objectContaining({
        kind: 'admin',
        tool: 'flag.changed',
        identity: expect.stringMatching(/^admin:key:[0-9a-f]{12}$/),
        arguments: { flag: 'MCP_ENABLE_AUTO_ROLLBACK', from: false, to: true },
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(ADMIN);
    const exported = await (await fetch(`${base}/api/v1/audit/export?kind=admin`, { headers })).text();
    expect(
      exported
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { tool: string }).tool),
    ).toEqual(['flag.changed']);
    expect((await fetch(`${base}/api/v1/audit?kind=bogus`, { headers })).status).toBe(400);
  });

  it('MCP_USE_NEW_SYSTEM=false serves the file only (store records ignored), true brings them back', async () => {
    const headers = { 'x-api-key': ADMIN, 'content-type': 'application/json' };
    const created = await fetch(`${base}/api/v1/mcp/configs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'migrated', config: { type: 'http', url: 'http://127.0.0.1:9/mcp' } }),
    });
    expect(created.status).toBe(201);
    const effective = async () =>
      ((await (await fetch(`${base}/api/v1/mcp/configs`, { headers })).json()) as { effective: { name: string }[] }).effective.map((c) => c.name);
    const until = async (want: string[]) => {
      for (let i = 0; i < 100 && JSON.stringify(await effective()) !== JSON.stringify(want); i++) await new Promise((r) => setTimeout(r, 20));
      return effective();
    };
    expect(await effective()).toEqual(['migrated']);
    await fetch(`${base}/api/v1/flags`, { method: 'PUT', headers, body: JSON.stringify({ MCP_USE_NEW_SYSTEM: false }) });
    expect(await until([])).toEqual([]);
    await fetch(`${base}/api/v1/flags`, { method: 'PUT', headers, body: JSON.stringify({ MCP_USE_NEW_SYSTEM: true }) });
    expect(await until(['migrated'])).toEqual(['migrated']);
  });

  it('exports the failures of the migration CLI from the store on /metrics, for alerting', async () => {
    // the CLI is another process: it writes migration_runs in the same store and exits
    const cli = new SqliteStore({ path: join(dir, 'gateway.sqlite') });
    const at = new Date().toISOString();
    await cli.recordMigrationRun({
      id: 'failed-run',
      command: 'import',
      mode: 'full',
      startedAt: at,
      finishedAt: at,
      outcome: 'failed',
      sources: ['mcp_config.json'],
      backupPath: null,
      summary: {},
      error: 'injected',
    });
    await cli.close();
    let text = '';
    for (let i = 0; i < 100 && !/mcp_migration_last_run_failed\{service="gateway",command="import"\} 1/.test(text); i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = await (await fetch(`${base}/metrics`)).text();
    }
    expect(text).toMatch(/mcp_migration_last_run_failed\{service="gateway",command="import"\} 1/);
    expect(text).toMatch(/mcp_migration_runs\{service="gateway",command="import",outcome="failed"\} 1/);
  });
});
