import { connectHttp, type FakeUpstream } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortkeyAdminService } from '../src/server.js';
import { costGraph } from './fixtures.js';
import { startUpstream, testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
let upstream: FakeUpstream;
let service: ReturnType<typeof createPortkeyAdminService>;
let mcpUrl: string;
let origin: string;

beforeAll(async () => {
  upstream = await startUpstream((app) => app.get('/analytics/graphs/cost', (c) => c.json(costGraph)));
  service = createPortkeyAdminService(testEnv(upstream));
  const server = await service.start({ host: '127.0.0.1', port: 0 });
  mcpUrl = server.url;
  origin = new URL(server.url).origin;
});
afterAll(async () => {
  await service?.stop();
  await upstream?.close();
});

describe('portkey-admin over HTTP on 127.0.0.1', () => {
  it('lists and calls tools with a 2026-07-28 client', async () => {
    const client = await connectHttp(mcpUrl);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('update_config');
      const health = await client.callTool({ name: 'health_check', arguments: {} });
      expect(health.structuredContent).toMatchObject({ ok: true, configs: 2 });
      const cost = await client.callTool({
        name: 'analytics',
        arguments: { metric: 'cost', time_of_generation_min: '2026-02-23T00:00:00Z', time_of_generation_max: '2026-02-25T00:00:00Z' },
      });
      expect(cost.structuredContent).toMatchObject({ summary: { total: 12345 } });
    } finally {
      await client.close();
    }
  });

  it('serves 2025-era clients (initialize handshake, sessions)', async () => {
    const client = await connectHttp(mcpUrl, { protocol: 'legacy' });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('audit_logs');
    } finally {
      await client.close();
    }
  });

  it('answers the probes and serves metrics labelled with the service', async () => {
    const live = await fetch(`${origin}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'alive', service: 'portkey-admin' });
    expect((await fetch(`${origin}/health/ready`)).status).toBe(200);
    const health = (await (await fetch(`${origin}/health`)).json()) as { status: string };
    expect(health.status).toBe('healthy');
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    const calls = metrics.split('\n').filter((line) => line.startsWith('mcp_tool_calls_total{'));
    expect(calls.some((line) => line.includes('service="portkey-admin"') && line.includes('tool="health_check"'))).toBe(true);
  });
});
