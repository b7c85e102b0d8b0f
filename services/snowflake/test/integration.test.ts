import { connectHttp } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnowflakeService } from '../src/server.js';
import { type FakeSnowflake, fixed } from './fake-snowflake.js';
import { startFake, testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
let fake: FakeSnowflake;
let service: ReturnType<typeof createSnowflakeService>;
let mcpUrl: string;
let origin: string;

beforeAll(async () => {
  fake = await startFake();
  fake.on('SELECT 1', { kind: 'result', rowType: [fixed('1')], partitions: [[['1']]] });
  service = createSnowflakeService(testEnv(fake));
  const server = await service.start({ host: '127.0.0.1', port: 0 });
  mcpUrl = server.url;
  origin = new URL(server.url).origin;
});
afterAll(async () => {
  await service?.stop();
  await fake?.close();
});

describe('snowflake over HTTP on 127.0.0.1', () => {
  it('lists the read-only tools and runs a query with a 2026-07-28 client', async () => {
    const client = await connectHttp(mcpUrl);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['describe_table', 'get_statement', 'health_check', 'list_objects', 'query_history', 'run_query']);
      const result = await client.callTool({ name: 'run_query', arguments: { sql: 'SELECT 1' } });
      expect(result.structuredContent).toMatchObject({ status: 'succeeded', rows: [['1']], totalRows: 1 });
    } finally {
      await client.close();
    }
  });

  it('serves 2025-era clients (initialize handshake, sessions)', async () => {
    const client = await connectHttp(mcpUrl, { protocol: 'legacy' });
    try {
      const result = await client.callTool({ name: 'health_check', arguments: {} });
      expect(result.structuredContent).toMatchObject({ ok: true, identity: 'FLEET_BOT in XY12345' });
    } finally {
      await client.close();
    }
  });

  it('answers the probes, proves the credentials on /health and serves metrics labelled with the service', async () => {
    const live = await fetch(`${origin}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'alive', service: 'snowflake' });
    expect((await fetch(`${origin}/health/ready`)).status).toBe(200);
    const health = (await (await fetch(`${origin}/health`)).json()) as { status: string; components: Record<string, { metadata?: Record<string, unknown> }> };
    expect(health.status).toBe('healthy');
    expect(health.components.upstream_probe?.metadata).toMatchObject({ identity: 'FLEET_BOT in XY12345' });
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    const calls = metrics.split('\n').filter((line) => line.startsWith('mcp_tool_calls_total{'));
    expect(calls.some((line) => line.includes('service="snowflake"') && line.includes('tool="run_query"'))).toBe(true);
  });
});
