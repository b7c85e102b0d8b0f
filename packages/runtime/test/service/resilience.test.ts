import { createServer } from 'node:net';
import { connectHttp } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRegistry, type RunningServer } from '../../src/index.js';
import { startFakeUpstream } from '@mcp/testing';
import { createFixtureService } from './fixture.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const text = (r: { content?: unknown }) => (r.content as Array<{ text: string }>)[0]?.text ?? '';

describe('upstream refusing connections: breaker opens, fails fast, recovers', () => {
  let port: number;
  let service: ReturnType<typeof createFixtureService>;
  let server: RunningServer;

  beforeAll(async () => {
    port = await freePort();
    service = createFixtureService({ FIXTURE_BASE_URL: `http://127.0.0.1:${port}` });
    server = await service.start({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await service.stop();
  });

  it('walks closed → open → closed, visible in results, health and metrics', async () => {
    const client = await connectHttp(server.url);
    for (let i = 0; i < 3; i++) {
      const r = await client.callTool({ name: 'fetch_item', arguments: { id: 'a' } });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/items|connect|refused|unreachable/i);
    }
    const started = performance.now();
    const fast = await client.callTool({ name: 'fetch_item', arguments: { id: 'a' } });
    const elapsed = performance.now() - started;
    expect(fast.isError).toBe(true);
    expect(text(fast)).toMatch(/circuit.*open/i);
    expect(elapsed).toBeLessThan(1_000); // fail fast: no connect attempt, no retry wait

    const health = await (await fetch(server.url.replace('/mcp', '/health'))).json();
    expect(health.components['upstream:items'].status).toBe('unhealthy');
    expect(health.components['upstream:items'].metadata.circuit).toBe('open');
    const ready = await fetch(server.url.replace('/mcp', '/health/ready'));
    expect(ready.status).toBe(503);
    const metrics = await (await fetch(server.url.replace('/mcp', '/metrics'))).text();
    expect(metrics).toMatch(/mcp_circuit_state\{service="fixture",upstream="items"\} 2/);
    expect(metrics).toMatch(/mcp_tool_calls_total\{service="fixture",tool="fetch_item",outcome="error"\} [4-9]/);

    // The upstream comes back on the same port; after the reset timeout the breaker half-opens and closes.
    const upstream = await startFakeUpstream((app) => app.get('/items/:id', (c) => c.json({ id: c.req.param('id'), name: 'back' })), { port });
    try {
      await new Promise((r) => setTimeout(r, 1_200));
      const ok = await client.callTool({ name: 'fetch_item', arguments: { id: 'a' } });
      expect(ok.isError).toBeFalsy();
      expect(ok.structuredContent).toEqual({ item: { id: 'a', name: 'back' } });
      const after = await (await fetch(server.url.replace('/mcp', '/health'))).json();
      expect(after.components['upstream:items'].metadata.circuit).toBe('closed');
      expect(await metricsRegistry.getSingleMetricAsString('mcp_circuit_state')).toMatch(/upstream="items"\} 0/);
    } finally {
      await upstream.close();
      await client.close();
    }
  });
});

describe('tool timeouts and typed upstream errors', () => {
  let service: ReturnType<typeof createFixtureService>;
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;

  beforeAll(async () => {
    upstream = await startFakeUpstream((app) => {
      app.get('/items/missing', (c) => c.json({ message: 'Not Found' }, 404));
      app.get('/items/secret', (c) => c.json({ message: 'Bad credentials' }, 401));
      app.get('/items/quota', (c) =>
        c.json({ id: 'quota' }, 200, { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1893456000' }),
      );
    });
    service = createFixtureService({ FIXTURE_BASE_URL: upstream.url, FIXTURE_TOKEN: 'tok-abcdef-123456' });
  });
  afterAll(async () => {
    await service.stop();
    await upstream.close();
  });

  it('a tool that outlives its timeout returns a timeout result and the process keeps going', async () => {
    const { connectInProcess } = await import('@mcp/testing');
    const client = await connectInProcess(service);
    const r = await client.callTool({ name: 'slow', arguments: { ms: 5_000 } });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/did not finish within 1500 ms/);
    expect((await client.callTool({ name: 'slow', arguments: { ms: 10 } })).structuredContent).toEqual({ waited: 10 });
    await client.close();
  });

  it('a tool result carries the rate-limit headers its upstream call saw in _meta.rateLimit', async () => {
    const { connectInProcess } = await import('@mcp/testing');
    const client = await connectInProcess(service);
    const r = await client.callTool({ name: 'fetch_item', arguments: { id: 'quota' } });
    expect(r._meta?.rateLimit).toMatchObject({ upstream: 'items', limit: 5000, remaining: 4999 });
    const plain = await client.callTool({ name: 'echo', arguments: { text: 'x' } });
    expect(plain._meta?.rateLimit).toBeUndefined();
    await client.close();
  });

  it('404 and 401 upstream answers become messages a model can act on', async () => {
    const { connectInProcess } = await import('@mcp/testing');
    const client = await connectInProcess(service);
    const missing = await client.callTool({ name: 'fetch_item', arguments: { id: 'missing' } });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/not found/i);
    const denied = await client.callTool({ name: 'fetch_item', arguments: { id: 'secret' } });
    expect(denied.isError).toBe(true);
    expect(text(denied)).toMatch(/FIXTURE_TOKEN/);
    expect(text(denied)).not.toContain('tok-abcdef-123456');
    await client.close();
  });
});
