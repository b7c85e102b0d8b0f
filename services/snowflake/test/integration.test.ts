import { serviceOverHttpSuite } from '@mcp/testing';
import { describe, expect } from 'vitest';
import { createSnowflakeService } from '../src/server.js';
import { fixed } from './fake-snowflake.js';
import { startFake, testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
describe('snowflake over HTTP on 127.0.0.1', () => {
  serviceOverHttpSuite({
    name: 'snowflake',
    upstream: async () => {
      const fake = await startFake();
      fake.on('SELECT 1', { kind: 'result', rowType: [fixed('1')], partitions: [[['1']]] });
      return fake;
    },
    createService: (fake) => createSnowflakeService(testEnv(fake)),
    modern: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['describe_table', 'get_statement', 'health_check', 'list_objects', 'query_history', 'run_query']);
      const result = await client.callTool({ name: 'run_query', arguments: { sql: 'SELECT 1' } });
      expect(result.structuredContent).toMatchObject({ status: 'succeeded', rows: [['1']], totalRows: 1 });
    },
    legacy: async (client) => {
      const result = await client.callTool({ name: 'health_check', arguments: {} });
      expect(result.structuredContent).toMatchObject({ ok: true, identity: 'FLEET_BOT in XY12345' });
    },
    serving: {
      health: (body) => expect(body.components.upstream_probe?.metadata).toMatchObject({ identity: 'FLEET_BOT in XY12345' }),
      metrics: [{ metric: 'mcp_tool_calls_total', labels: { tool: 'run_query' } }],
    },
    titles: {
      modern: 'lists the read-only tools and runs a query with a 2026-07-28 client',
      serving: 'answers the probes, proves the credentials on /health and serves metrics labelled with the service',
    },
  });
});
