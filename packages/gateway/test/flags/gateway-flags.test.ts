import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/server.js';

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
});
