import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExampleService } from '@mcp/example/dist/server.js';
import { connectHttp, connectV1 } from '@mcp/testing';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createGateway } from '../../src/server.js';

const ADMIN = 'admin-key-for-tests-123456';
const dir = mkdtempSync(join(tmpdir(), 'gw-reload-'));
const configPath = join(dir, '.mcp.json');
const services = [createExampleService({ LOG_LEVEL: 'silent' }), createExampleService({ LOG_LEVEL: 'silent' }), createExampleService({ LOG_LEVEL: 'silent' })];
const urls: string[] = [];
let gateway: ReturnType<typeof createGateway>;
let gatewayUrl: string;
let base: string;

/** Writes the registry the way editors do: to a temp file, then an atomic rename. */
function writeRegistry(entries: Record<string, unknown>) {
  const tmp = `${configPath}.tmp`;
  writeFileSync(tmp, JSON.stringify({ mcpServers: entries }, null, 2));
  renameSync(tmp, configPath);
}
const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { 'x-api-key': ADMIN, 'content-type': 'application/json', ...(init.headers ?? {}) } });
const toolNames = async () => {
  const client = await connectHttp(gatewayUrl);
  const names = (await client.listTools()).tools.map((t) => t.name);
  await client.close();
  return names;
};
async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await fn();
    if (ok(value)) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  for (const s of services) urls.push((await s.start({ port: 0, host: '127.0.0.1' })).url);
  writeRegistry({ alpha: { type: 'http', url: urls[0] }, beta: { type: 'http', url: urls[1] } });
  gateway = createGateway({
    LOG_LEVEL: 'silent',
    MCP_CONFIG: configPath,
    GATEWAY_SQLITE_PATH: join(dir, 'gateway.sqlite'),
    GATEWAY_ADMIN_API_KEYS: ADMIN,
    GATEWAY_RELOAD_DEBOUNCE_MS: '100',
    GATEWAY_HEALTH_INTERVAL_MS: '500',
    MCP_LIST_CACHE_TTL_SECONDS: '0',
    MCP_SHUTDOWN_DRAIN_MS: '500',
  });
  gatewayUrl = (await gateway.start({ port: 0, host: '127.0.0.1' })).url;
  base = gatewayUrl.replace(/\/mcp$/, '');
});
afterAll(async () => {
  await gateway.stop();
  for (const s of services) await s.stop();
});

describe('gateway registry: hot reload and admin API', () => {
  it('serves the two registered services, namespaced', async () => {
    const names = await toolNames();
    expect(names).toEqual(expect.arrayContaining(['alpha_hash_text', 'beta_hash_text']));
    expect(names.some((n) => n.startsWith('gamma_'))).toBe(false);
  });

  it('a third service added to .mcp.json is listed within 2 s, and the events stream (SSE) and WebSocket report it', async () => {
    const sse = await fetch(`${base}/api/v1/mcp/events`, { headers: { 'x-api-key': ADMIN } });
    expect(sse.status).toBe(200);
    const reader = sse.body!.getReader();
    let sseText = '';
    const sseSaw = (async () => {
      const decoder = new TextDecoder();
      while (!(sseText.includes('"gamma"') && sseText.includes('event: reload.applied'))) {
        const { value, done } = await reader.read();
        if (done) break;
        sseText += decoder.decode(value);
      }
    })();
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/mcp/events/ws`, { headers: { 'x-api-key': ADMIN } });
    const wsMessages: string[] = [];
    ws.on('message', (m) => wsMessages.push(String(m)));
    await new Promise((r) => ws.once('open', r));

    const v1 = await connectV1(gatewayUrl);
    let notified = false;
    v1.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      notified = true;
    });

    writeRegistry({ alpha: { type: 'http', url: urls[0] }, beta: { type: 'http', url: urls[1] }, gamma: { type: 'http', url: urls[2] } });
    const { ms } = await waitFor(toolNames, (names) => names.includes('gamma_hash_text'), 2_000);
    expect(ms).toBeLessThan(2_000);
    await sseSaw;
    expect(sseText).toMatch(/event: reload.applied/);
    await waitFor(
      async () => wsMessages.join('\n'),
      (t) => t.includes('"gamma"'),
      2_000,
    );
    expect(wsMessages.some((m) => JSON.parse(m).type === 'reload.applied')).toBe(true);
    await waitFor(
      async () => notified,
      (n) => n,
      2_000,
    );
    await reader.cancel();
    ws.close();
    await v1.close();
  });

  it('a half-written file is rejected: the old registry stays, status shows the rejection', async () => {
    writeFileSync(configPath, '{"mcpServers": {"alpha": {"type": "http", "url": "http');
    const { value: status } = await waitFor(
      async () => (await (await admin('/api/v1/mcp/status')).json()) as { lastReload: { outcome: string; error?: string; trigger: string } },
      (s) => s.lastReload.outcome === 'rejected' && s.lastReload.trigger === 'file',
      3_000,
    );
    expect(status.lastReload.error).toMatch(/not valid JSON/);
    expect(await toolNames()).toEqual(expect.arrayContaining(['alpha_hash_text', 'beta_hash_text', 'gamma_hash_text']));
    const reload = await admin('/api/v1/mcp/reload', { method: 'POST' });
    expect(reload.status).toBe(422);
    expect(((await reload.json()) as { error: string }).error).toMatch(/not valid JSON/);
    expect(await toolNames()).toEqual(expect.arrayContaining(['alpha_hash_text', 'gamma_hash_text']));
  });

  it('POST /reload applies a fixed file; configs CRUD through the store', async () => {
    writeRegistry({ alpha: { type: 'http', url: urls[0] } });
    const reload = await admin('/api/v1/mcp/reload', { method: 'POST' });
    expect(reload.status).toBe(200);
    const body = (await reload.json()) as { report: { removed: string[] } };
    expect(body.report.removed.sort()).toEqual(['beta', 'gamma']);
    expect((await toolNames()).some((n) => n.startsWith('beta_'))).toBe(false);

    const created = await admin('/api/v1/mcp/configs', {
      method: 'POST',
      body: JSON.stringify({ name: 'delta', config: { type: 'http', url: urls[1], namespace: 'd' } }),
    });
    expect(created.status).toBe(201);
    expect(await toolNames()).toContain('d_hash_text');
    expect(
      (await admin('/api/v1/mcp/configs', { method: 'POST', body: JSON.stringify({ name: 'delta', config: { type: 'http', url: urls[1] } }) })).status,
    ).toBe(409);
    const invalid = await admin('/api/v1/mcp/configs', { method: 'POST', body: JSON.stringify({ name: 'bad', config: { type: 'http', url: 'nope' } }) });
    expect(invalid.status).toBe(400);
    const updated = await admin('/api/v1/mcp/configs/delta', {
      method: 'PUT',
      body: JSON.stringify({ config: { type: 'http', url: urls[1], namespace: 'dd' }, expectedVersion: 1 }),
    });
    expect(updated.status).toBe(200);
    expect(await toolNames()).toContain('dd_hash_text');
    const stale = await admin('/api/v1/mcp/configs/delta', {
      method: 'PUT',
      body: JSON.stringify({ config: { type: 'http', url: urls[1] }, expectedVersion: 1 }),
    });
    expect(stale.status).toBe(409);
    expect((await admin('/api/v1/mcp/configs/delta', { method: 'DELETE' })).status).toBe(200);
    expect((await toolNames()).some((n) => n.startsWith('dd_'))).toBe(false);
    expect((await admin('/api/v1/mcp/configs/delta', { method: 'DELETE' })).status).toBe(404);
  });

  it('the admin API needs the key and answers quickly', async () => {
    expect((await fetch(`${base}/api/v1/mcp/status`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/mcp/status`, { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
    const started = performance.now();
    for (let i = 0; i < 20; i++) expect((await admin('/api/v1/mcp/status')).status).toBe(200);
    expect((performance.now() - started) / 20).toBeLessThan(100);
  });
});
