import { serviceOverHttpSuite } from '@mcp/testing';
import { describe, expect } from 'vitest';
import { createPortkeyAdminService } from '../src/server.js';
import { costGraph } from './fixtures.js';
import { startUpstream, testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
describe('portkey-admin over HTTP on 127.0.0.1', () => {
  serviceOverHttpSuite({
    name: 'portkey-admin',
    upstream: () => startUpstream((app) => app.get('/analytics/graphs/cost', (c) => c.json(costGraph))),
    createService: (upstream) => createPortkeyAdminService(testEnv(upstream)),
    modern: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('update_config');
      const health = await client.callTool({ name: 'health_check', arguments: {} });
      expect(health.structuredContent).toMatchObject({ ok: true, configs: 2 });
      const cost = await client.callTool({
        name: 'analytics',
        arguments: { metric: 'cost', time_of_generation_min: '2026-02-23T00:00:00Z', time_of_generation_max: '2026-02-25T00:00:00Z' },
      });
      expect(cost.structuredContent).toMatchObject({ summary: { total: 12345 } });
    },
    legacy: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('audit_logs');
    },
    serving: { metrics: [{ metric: 'mcp_tool_calls_total', labels: { tool: 'health_check' } }] },
  });
});
