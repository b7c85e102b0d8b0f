import { serviceOverHttpSuite } from '@mcp/testing';
import { describe, expect } from 'vitest';
import { createSlackService } from '../src/server.js';
import { conversationsList } from './fixtures.js';
import { startUpstream, testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
describe('slack over HTTP on 127.0.0.1', () => {
  serviceOverHttpSuite({
    name: 'slack',
    upstream: () => startUpstream((app) => app.post('/conversations.list', (c) => c.json(conversationsList))),
    createService: (upstream) => createSlackService(testEnv(upstream)),
    modern: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('delete_message');
      const health = await client.callTool({ name: 'health_check', arguments: {} });
      expect(health.structuredContent).toMatchObject({ ok: true, identity: 'grace in Subarachnoid Workspace' });
      const channels = await client.callTool({ name: 'list_channels', arguments: {} });
      expect(channels.structuredContent).toMatchObject({ channels: [{ id: 'C012AB3CD', name: 'general' }, { id: 'C061EG9T2' }] });
    },
    legacy: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('post_message');
    },
    serving: { metrics: [{ metric: 'mcp_tool_calls_total', labels: { tool: 'health_check' } }] },
  });
});
