import { connectHttp } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createK8sService } from '../src/server.js';
import { type FakeApiServer, startApiServer } from './fake-apiserver.js';
import { testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
let api: FakeApiServer;
let service: ReturnType<typeof createK8sService>;
let mcpUrl: string;
let origin: string;

beforeAll(async () => {
  api = await startApiServer();
  service = createK8sService(testEnv(api));
  const server = await service.start({ host: '127.0.0.1', port: 0 });
  mcpUrl = server.url;
  origin = new URL(server.url).origin;
});
afterAll(async () => {
  await service?.stop();
  await api?.close();
});

describe('k8s over HTTP on 127.0.0.1', () => {
  it('lists and calls tools with a 2026-07-28 client', async () => {
    const client = await connectHttp(mcpUrl);
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(10);
      const result = await client.callTool({ name: 'list_deployments', arguments: { namespace: 'default' } });
      expect(result.structuredContent).toMatchObject({ namespace: 'default', deployments: [{ name: 'web' }, { name: 'api' }] });
    } finally {
      await client.close();
    }
  });

  it('serves 2025-era clients (initialize handshake, sessions)', async () => {
    const client = await connectHttp(mcpUrl, { protocol: 'legacy' });
    try {
      const result = await client.callTool({ name: 'health_check', arguments: {} });
      expect(result.structuredContent).toMatchObject({ ok: true, serverVersion: 'v1.31.2' });
    } finally {
      await client.close();
    }
  });

  it('answers the probes and counts upstream requests on the runtime pool', async () => {
    expect((await fetch(`${origin}/health/live`)).status).toBe(200);
    expect((await fetch(`${origin}/health/ready`)).status).toBe(200);
    const health = (await (await fetch(`${origin}/health`)).json()) as { status: string };
    expect(health.status).toBe('healthy');
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    expect(
      metrics.split('\n').some((l) => l.startsWith('mcp_upstream_requests_total{') && l.includes('service="k8s"') && l.includes('upstream="kubernetes"')),
    ).toBe(true);
    expect(metrics.split('\n').some((l) => l.startsWith('mcp_tool_calls_total{') && l.includes('tool="list_deployments"'))).toBe(true);
  });
});
