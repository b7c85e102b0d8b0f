import { serviceOverHttpSuite } from '@mcp/testing';
import { describe, expect } from 'vitest';
import { createGithubService } from '../src/server.js';
import { repo } from './fixtures.js';
import { startUpstream, testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
describe('github over HTTP on 127.0.0.1', () => {
  serviceOverHttpSuite({
    name: 'github',
    upstream: () => startUpstream((app) => app.get('/orgs/octo-org/repos', (c) => c.json([repo]))),
    createService: (upstream) => createGithubService(testEnv(upstream)),
    modern: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('merge_pull_request');
      const health = await client.callTool({ name: 'health_check', arguments: {} });
      expect(health.structuredContent).toMatchObject({ ok: true, identity: 'octocat' });
      const repos = await client.callTool({ name: 'list_repos', arguments: { org: 'octo-org' } });
      expect(repos.structuredContent).toMatchObject({ source: 'org', repos: [{ full_name: 'octocat/Hello-World' }] });
    },
    legacy: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('get_file');
    },
    serving: { metrics: [{ metric: 'mcp_tool_calls_total', labels: { tool: 'health_check' } }] },
  });
});
