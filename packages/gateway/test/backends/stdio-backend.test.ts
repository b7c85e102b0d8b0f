import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { trackedChildren } from '../../src/backends/child-registry.js';
import type { BackendChange, ManagedBackend } from '../../src/backends/managed-backend.js';
import { createStdioBackend } from '../../src/backends/stdio-backend.js';
import { childrenOf, EXAMPLE_ENTRY, isAlive, silentLogger, waitFor } from './helpers.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

function stdio(name: string, config: { command?: string; args?: string[]; env?: Record<string, string> } = {}): ManagedBackend {
  const b = createStdioBackend(
    {
      name,
      config: { command: process.execPath, args: [EXAMPLE_ENTRY, '--stdio'], env: { LOG_LEVEL: 'warn' }, enabled: true, ...config },
      source: 'file',
    },
    { logger: silentLogger, backoff: { baseMs: 100, capMs: 400 }, breaker: { resetTimeoutMs: 60_000 } },
  );
  cleanups.push(() => b.close());
  return b;
}

describe('stdio backend', () => {
  it('spawns the command once (2026-07-28 negotiated in place) and shares it between concurrent callers', async () => {
    // A wrapper that counts its starts, then runs the example server as if it were the entry point.
    const dir = mkdtempSync(join(tmpdir(), 'gw-once-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const starts = join(dir, 'starts');
    writeFileSync(
      join(dir, 'wrapper.mjs'),
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(starts)}, 'x');\nprocess.argv[1] = ${JSON.stringify(EXAMPLE_ENTRY)};\nawait import(${JSON.stringify(pathToFileURL(EXAMPLE_ENTRY).href)});\n`,
    );
    const b = stdio('example', { args: [join(dir, 'wrapper.mjs'), '--stdio'] });
    await b.start();
    expect(b.status().protocolVersion).toBe('2026-07-28');
    const pid = b.status().pid as number;
    expect(pid).toBeGreaterThan(0);
    expect(childrenOf(process.pid).live).toEqual([pid]);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => b.callTool('hash_text', { text: `t${i}`, algorithm: 'md5' })));
    expect(new Set(results.map((r) => (r.structuredContent as { hex: string }).hex)).size).toBe(50);
    expect(childrenOf(process.pid).live).toEqual([pid]);
    expect(b.status()).toMatchObject({ transport: 'stdio', state: 'healthy', toolCount: 4, restarts: 0 });
    expect(readFileSync(starts, 'utf8')).toBe('x');
  });

  it('restarts a crashed child with backoff; after 1,000 calls and several crashes no extra process exists', { timeout: 60_000 }, async () => {
    const b = stdio('example');
    const changes: BackendChange[] = [];
    b.onChange((c) => changes.push(c));
    await b.start();
    const pids = new Set<number>();
    let calls = 0;
    for (let crash = 0; crash < 4; crash += 1) {
      const pid = b.status().pid as number;
      pids.add(pid);
      const batch = await Promise.all(Array.from({ length: 250 }, (_, i) => b.callTool('text_stats', { text: `crash ${crash} call ${i}` })));
      calls += batch.filter((r) => !r.isError).length;
      process.kill(pid, 'SIGKILL');
      await waitFor(() => b.status().state === 'unhealthy');
      // While it is down, calls fail fast and name the backend.
      await expect(b.callTool('text_stats', { text: 'x' })).rejects.toThrow(/Backend 'example' is unavailable/);
      await waitFor(() => b.status().state === 'healthy' && b.status().pid !== pid, 10_000);
    }
    expect(calls).toBe(1_000);
    expect(b.status().restarts).toBe(4);
    expect(changes.filter((c) => c.type === 'restarted')).toHaveLength(4);
    expect(pids.size).toBe(4);
    const { live, zombies } = childrenOf(process.pid);
    expect(live).toEqual([b.status().pid]);
    expect(zombies).toEqual([]);
    for (const old of pids) expect(isAlive(old)).toBe(false);
    await b.close();
    await waitFor(() => childrenOf(process.pid).live.length === 0, 5_000);
    expect(childrenOf(process.pid).zombies).toEqual([]);
    expect(trackedChildren()).toEqual([]);
  });

  it('reports why a child dies (last stderr lines) and keeps retrying with capped backoff', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-crash-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const attempts = join(dir, 'attempts');
    const script = `require('fs').appendFileSync(${JSON.stringify(attempts)}, 'x'); console.error('boom: missing SLACK_TOKEN'); process.exit(3)`;
    const b = stdio('broken', { command: process.execPath, args: ['-e', script], env: {} });
    await expect(b.start()).rejects.toThrow();
    expect(b.status().state).toBe('unhealthy');
    await waitFor(() => /boom: missing SLACK_TOKEN/.test(b.status().lastError ?? ''), 3_000);
    await expect(b.callTool('anything', {})).rejects.toThrow(/Backend 'broken' is unavailable .*boom/);
    // Attempts are spaced by the backoff (100 ms doubling, capped at 400 ms here), not a tight loop.
    await new Promise((r) => setTimeout(r, 1_500));
    const count = readFileSync(attempts, 'utf8').length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(10);
    expect(childrenOf(process.pid).live.length).toBeLessThanOrEqual(1);
    await b.close();
    await waitFor(() => childrenOf(process.pid).live.length === 0, 5_000);
    expect(childrenOf(process.pid).zombies).toEqual([]);
  });

  it('falls back to the 2025 handshake with a stdio server that only speaks 2025, still with one process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-v1-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const resolve = (id: string) => pathToFileURL(createRequire(import.meta.url).resolve(id)).href;
    writeFileSync(
      join(dir, 'v1.mjs'),
      `import { appendFileSync } from 'node:fs';
import { McpServer } from ${JSON.stringify(resolve('@modelcontextprotocol/sdk/server/mcp.js'))};
import { StdioServerTransport } from ${JSON.stringify(resolve('@modelcontextprotocol/sdk/server/stdio.js'))};
appendFileSync(${JSON.stringify(join(dir, 'starts'))}, 'x');
const server = new McpServer({ name: 'v1-stdio', version: '1.0.0' });
server.tool('legacy_ping', 'Answers pong', async () => ({ content: [{ type: 'text', text: 'pong' }] }));
await server.connect(new StdioServerTransport());
`,
    );
    const b = stdio('v1', { args: [join(dir, 'v1.mjs')], env: {} });
    await b.start();
    expect(b.status().protocolVersion).toMatch(/^2025-/);
    expect((await b.callTool('legacy_ping', {})).content).toEqual([{ type: 'text', text: 'pong' }]);
    expect(readFileSync(join(dir, 'starts'), 'utf8')).toBe('x');
  });

  it('a command that cannot be spawned is unhealthy, not a crash', async () => {
    const b = stdio('missing', { command: '/nonexistent/mcp-server', args: [] });
    await expect(b.start()).rejects.toThrow(/ENOENT/);
    expect(b.status()).toMatchObject({ state: 'unhealthy', circuit: 'open' });
  });

  it('close() stops the child; the exit hook kills children the gateway did not close', async () => {
    const b = stdio('example');
    await b.start();
    const pid = b.status().pid as number;
    await b.close();
    expect(isAlive(pid)).toBe(false);
    expect(b.status().state).toBe('stopped');

    // A "gateway" process that spawns a child and exits without closing it.
    const dir = mkdtempSync(join(tmpdir(), 'gw-exit-'));
    try {
      const source = readFileSync(new URL('../../src/backends/child-registry.ts', import.meta.url), 'utf8');
      writeFileSync(
        join(dir, 'registry.mjs'),
        ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText,
      );
      writeFileSync(
        join(dir, 'main.mjs'),
        `import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { trackChild } from './registry.mjs';
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
trackChild(child.pid);
console.log(child.pid);
setTimeout(() => process.exit(0), 100);`,
      );
      const gateway = spawn(process.execPath, [join(dir, 'main.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      gateway.stdout.on('data', (d) => {
        out += d;
      });
      await new Promise((resolve) => gateway.once('exit', resolve));
      const orphan = Number(out.trim());
      expect(orphan).toBeGreaterThan(0);
      await waitFor(() => !isAlive(orphan), 3_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
