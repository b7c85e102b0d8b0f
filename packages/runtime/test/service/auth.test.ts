import { connectHttp, connectV1 } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { createFixtureService } from './fixture.js';

const KEY = 'k3y-for-tests-0123456789';
const service = createFixtureService({ MCP_API_KEYS: `other-key-abcdef,${KEY}` });
let server: RunningServer;

beforeAll(async () => {
  server = await service.start({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await service.stop();
});

describe('inbound API keys', () => {
  it('refuses /mcp without a key (401 + WWW-Authenticate), serves probes without one', async () => {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await fetch(server.url.replace('/mcp', '/health/live'))).status).toBe(200);
  });

  it('refuses a wrong key', async () => {
    await expect(connectHttp(server.url, { headers: { authorization: 'Bearer wrong-key-123456' } })).rejects.toThrow();
  });

  it('accepts Authorization: Bearer and X-API-Key, on both protocol generations', async () => {
    const modern = await connectHttp(server.url, { headers: { authorization: `Bearer ${KEY}` } });
    expect((await modern.callTool({ name: 'echo', arguments: { text: 'a' } })).structuredContent).toEqual({ text: 'a' });
    await modern.close();
    const v1 = await connectV1(server.url, { headers: { 'x-api-key': KEY } });
    expect((await v1.callTool({ name: 'echo', arguments: { text: 'b' } })).structuredContent).toEqual({ text: 'b' });
    await v1.close();
  });
});

describe('bind safety', () => {
  it('refuses a public bind without auth, with one clear line', async () => {
    const open = createFixtureService({});
    await expect(open.start({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/Refusing to listen on 0\.0\.0\.0 without authentication.*MCP_API_KEYS/);
    await open.stop();
  });

  it('allows a public bind with auth', async () => {
    const authed = createFixtureService({ MCP_API_KEYS: KEY });
    const running = await authed.start({ port: 0, host: '0.0.0.0' });
    expect(running.port).toBeGreaterThan(0);
    await authed.stop();
  });
});
