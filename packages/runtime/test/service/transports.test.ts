import { connectHttp, connectSse, connectV1, connectV1Sse } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { createFixtureService } from './fixture.js';

const service = createFixtureService({});
let server: RunningServer;
let base: string;

beforeAll(async () => {
  server = await service.start({ port: 0, host: '127.0.0.1' });
  base = server.url.replace(/\/mcp$/, '');
});
afterAll(async () => {
  await service.stop();
});

describe('one tool call through every protocol generation', () => {
  it('2026-07-28 (SDK v2 client, stateless)', async () => {
    const client = await connectHttp(server.url, { protocol: 'modern' });
    const result = await client.callTool({ name: 'echo', arguments: { text: 'modern' } });
    expect(result.structuredContent).toEqual({ text: 'modern' });
    await client.close();
  });

  it('2025-11-25 (SDK v1 client: initialize, Mcp-Session-Id, GET stream)', async () => {
    const client = await connectV1(server.url);
    const transport = client.transport as unknown as { sessionId?: string };
    expect(transport.sessionId).toMatch(/[0-9a-f-]{36}/);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'v1' } });
    expect(result.structuredContent).toEqual({ text: 'v1' });
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('echo');
    await client.close();
  });

  it('2025 handshake with the SDK v2 client (legacy negotiation)', async () => {
    const client = await connectHttp(server.url, { protocol: 'legacy' });
    const result = await client.callTool({ name: 'echo', arguments: { text: 'v2-legacy' } });
    expect(result.structuredContent).toEqual({ text: 'v2-legacy' });
    await client.close();
  });

  it('2024-11-05 legacy HTTP+SSE (v1 and v2 SSE clients)', async () => {
    const v1 = await connectV1Sse(`${base}/sse`);
    expect((await v1.callTool({ name: 'echo', arguments: { text: 'sse-v1' } })).structuredContent).toEqual({ text: 'sse-v1' });
    await v1.close();
    const v2 = await connectSse(`${base}/sse`);
    expect((await v2.callTool({ name: 'echo', arguments: { text: 'sse-v2' } })).structuredContent).toEqual({ text: 'sse-v2' });
    await v2.close();
  });

  it('a 2025 session that is unknown gets 404 and a hint to re-initialize', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 'no-such-session',
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/initialize again/);
  });

  it('propagates the W3C trace id and returns a request id', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${base}/health/live`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'req-123' } });
    expect(res.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(res.headers.get('x-request-id')).toBe('req-123');
  });
});
