import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { createFixtureService } from './fixture.js';

const service = createFixtureService({ MCP_MAX_BODY_BYTES: '65536' });
let server: RunningServer;
const MODERN = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28' };
const envelope = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

function call(body: unknown, headers: Record<string, string> = {}) {
  return fetch(server.url, { method: 'POST', headers: { ...MODERN, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
function toolCall(name: string, args: unknown, id = 1) {
  return call(
    { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta: envelope } },
    { 'mcp-method': 'tools/call', 'mcp-name': name },
  );
}

beforeAll(async () => {
  server = await service.start({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await service.stop();
});

describe('bad input gets a clear error and the process keeps serving', () => {
  it('malformed JSON → 400 parse error', async () => {
    const res = await call('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: -32700 });
  });

  it('a JSON body that is not JSON-RPC → 400 invalid request', async () => {
    for (const body of ['42', '"hello"', JSON.stringify({ hello: 'world' })]) {
      const res = await call(body);
      expect(res.status).toBe(400);
      const json = await res.json();
      expect(json.error.code === -32600 || json.error.code === -32000).toBe(true);
    }
  });

  it('unknown tool → JSON-RPC error naming it', async () => {
    const res = await toolCall('no_such_tool', {});
    const json = await res.json();
    expect(json.error ?? json.result).toBeDefined();
    const text = JSON.stringify(json);
    expect(text).toMatch(/no_such_tool/);
  });

  it('wrong argument types → isError result naming the field', async () => {
    const res = await toolCall('echo', { text: 123 });
    const json = await res.json();
    expect(json.result.isError).toBe(true);
    expect(json.result.content[0].text).toMatch(/text/);
  });

  it('body over the limit → 413', async () => {
    const res = await toolCall('echo', { text: 'x'.repeat(100_000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/too large/);
  });

  it('wrong content type → 415', async () => {
    const res = await call('{}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });

  it('forbidden Origin → 403; loopback Origin accepted', async () => {
    const bad = await toolCall('echo', { text: 'x' }).then(() => call({ jsonrpc: '2.0', id: 1, method: 'ping' }, { origin: 'https://evil.example' }));
    expect(bad.status).toBe(403);
    expect((await bad.json()).error.message).toMatch(/Origin/);
    const good = await call(
      { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: envelope } },
      { origin: 'http://localhost:3000', 'mcp-method': 'tools/list' },
    );
    expect(good.status).toBe(200);
  });

  it('forbidden Host (DNS rebinding) → 403', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(server.url, { method: 'POST', headers: { ...MODERN, host: 'attacker.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }));
    });
    expect(status).toBe(403);
  });

  it('still serves a good call after all of the above', async () => {
    const res = await toolCall('echo', { text: 'alive' }, 99);
    expect(res.status).toBe(200);
    expect((await res.json()).result.structuredContent).toEqual({ text: 'alive' });
  });

  it('unknown routes → 404 pointing at /mcp', async () => {
    const res = await fetch(server.url.replace('/mcp', '/nope'));
    expect(res.status).toBe(404);
    expect((await res.json()).message).toMatch(/\/mcp/);
  });
});
