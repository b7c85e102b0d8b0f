import { serviceOverHttpSuite } from '@mcp/testing';
import { describe, expect } from 'vitest';
import { createEdgelakeService } from '../src/server.js';
import { startNode } from './fake-node.js';
import { testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
describe('edgelake over HTTP on 127.0.0.1', () => {
  serviceOverHttpSuite({
    name: 'edgelake',
    upstream: () => startNode(),
    createService: (node) => createEdgelakeService(testEnv(node)),
    modern: async (client) => {
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
    },
    legacy: async (client) => {
      const result = await client.callTool({ name: 'health_check', arguments: {} });
      expect(result.structuredContent).toMatchObject({ ok: true, identity: 'edgelake-query' });
    },
    serving: { metrics: [{ metric: 'mcp_upstream_requests_total' }, { metric: 'mcp_tool_calls_total', labels: { tool: 'query' } }] },
  });
});
