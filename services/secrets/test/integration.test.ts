import { serviceOverHttpSuite } from '@mcp/testing';
import { describe, expect } from 'vitest';
import { createSecretsService } from '../src/server.js';
import { startBackends, testEnv } from './harness.js';
import { VALUES } from './kdbx-fixture.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
describe('secrets over HTTP on 127.0.0.1', () => {
  serviceOverHttpSuite({
    name: 'secrets',
    upstream: () => startBackends(),
    createService: (backends) => createSecretsService(testEnv(backends, { LOG_LEVEL: 'silent' })),
    modern: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['health_check', 'list_secrets', 'get_secret']));
      expect((await client.callTool({ name: 'health_check', arguments: {} })).structuredContent).toMatchObject({ ok: true });
      const secret = await client.callTool({ name: 'get_secret', arguments: { backend: 'kdbx', name: 'Servers/db-prod', reason: 'integration test' } });
      expect(secret.structuredContent).toMatchObject({ value: VALUES.db, sensitive: true });
    },
    legacy: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('health_check');
    },
    serving: {
      metrics: [
        { metric: 'mcp_tool_calls_total', labels: { tool: 'get_secret' } },
        { metric: 'mcp_upstream_requests_total', labels: { upstream: 'vault' } },
      ],
    },
  });
});
