import { serviceOverHttpSuite } from '@mcp/testing';
import { describe, expect } from 'vitest';
import { createK8sService } from '../src/server.js';
import { startApiServer } from './fake-apiserver.js';
import { testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
describe('k8s over HTTP on 127.0.0.1', () => {
  serviceOverHttpSuite({
    name: 'k8s',
    upstream: () => startApiServer(),
    createService: (api) => createK8sService(testEnv(api)),
    modern: async (client) => {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(10);
      const result = await client.callTool({ name: 'list_deployments', arguments: { namespace: 'default' } });
      expect(result.structuredContent).toMatchObject({ namespace: 'default', deployments: [{ name: 'web' }, { name: 'api' }] });
    },
    legacy: async (client) => {
      const result = await client.callTool({ name: 'health_check', arguments: {} });
      expect(result.structuredContent).toMatchObject({ ok: true, serverVersion: 'v1.31.2' });
    },
    serving: {
      metrics: [
        { metric: 'mcp_upstream_requests_total', labels: { upstream: 'kubernetes' } },
        { metric: 'mcp_tool_calls_total', labels: { tool: 'list_deployments' } },
      ],
    },
    titles: { serving: 'answers the probes and counts upstream requests on the runtime pool' },
  });
});
