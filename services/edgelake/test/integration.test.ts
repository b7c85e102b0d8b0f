import { connectHttp } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgelakeService } from '../src/server.js';
import { type FakeNode, startNode } from './fake-node.js';
import { testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
let node: FakeNode;
let service: ReturnType<typeof createEdgelakeService>;
let mcpUrl: string;
let origin: string;

beforeAll(async () => {
  node = await startNode();
  service = createEdgelakeService(testEnv(node));
  const server = await service.start({ host: '127.0.0.1', port: 0 });
  mcpUrl = server.url;
  origin = new URL(server.url).origin;
});
afterAll(async () => {
  await service?.stop();
  await node?.close();
});

describe('edgelake over HTTP on 127.0.0.1', () => {
  it('lists and calls tools with a 2026-07-28 client', async () => {
    const client = await connectHttp(mcpUrl);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        'data_nodes',
        'describe_table',
        'health_check',
        'list_databases',
        'list_policies',
        'list_tables',
        'node_status',
        'query',
      ]);
      const result = await client.callTool({ name: 'query', arguments: { sql: 'select value from rand_data limit 3' } });
      expect(result.structuredContent).toMatchObject({ rowCount: 3, complete: true });
    } finally {
      await client.close();
    }
  });

  it('serves 2025-era clients (initialize handshake, sessions)', async () => {
    const client = await connectHttp(mcpUrl, { protocol: 'legacy' });
    try {
      const result = await client.callTool({ name: 'health_check', arguments: {} });
      expect(result.structuredContent).toMatchObject({ ok: true, identity: 'edgelake-query' });
    } finally {
      await client.close();
    }
  });

  it('answers the probes and serves metrics labelled with the service', async () => {
    expect((await fetch(`${origin}/health/live`)).status).toBe(200);
    expect((await fetch(`${origin}/health/ready`)).status).toBe(200);
    expect(((await (await fetch(`${origin}/health`)).json()) as { status: string }).status).toBe('healthy');
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    expect(metrics.split('\n').some((l) => l.startsWith('mcp_upstream_requests_total{') && l.includes('service="edgelake"'))).toBe(true);
  });
});
