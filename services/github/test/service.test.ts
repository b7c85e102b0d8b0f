import { healthOf, serviceContractSuite, withService } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { nextPage } from '../src/pagination.js';
import { createGithubService } from '../src/server.js';
import { call, type Harness, startHarness, startUpstream } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('github service', () => {
  serviceContractSuite({
    createService: createGithubService,
    startHarness: (env) => startHarness({ env }),
    healthy: {
      title: 'is healthy against a working upstream, probing GET /rate_limit and showing the circuit and the quota',
      before: async (h) => void (await h.client.callTool({ name: 'health_check', arguments: {} })),
      check: (body, h) => {
        expect(body.components.upstream_probe?.status).toBe('healthy');
        expect(body.components['upstream:github']?.metadata).toMatchObject({ circuit: 'closed', rateLimit: { remaining: 4999, resource: 'core' } });
        // The tool's two calls, then the probe's one: GET /rate_limit is free, GET /user costs a request.
        expect(h.upstream.requests.map((r) => r.path)).toEqual(['/rate_limit', '/user', '/rate_limit']);
      },
    },
    missingConfig: {
      title: 'without configuration it starts degraded, and tools name the missing variable',
      mentions: ['GITHUB_TOKEN'],
      tools: [{ name: 'health_check' }, { name: 'list_repos' }],
      toolMentions: 'GITHUB_TOKEN',
    },
    invalidSettings: [
      { name: 'GITHUB_TIMEOUT_MS', value: 'soon', error: /^Invalid configuration: GITHUB_TIMEOUT_MS is invalid/ },
      { name: 'GITHUB_API_VERSION', value: 'latest' },
      { name: 'GITHUB_DEFAULT_OWNER', value: 'not/valid' },
    ],
    readOnly: {
      title: 'GITHUB_READ_ONLY keeps the read-only tools only',
      env: { GITHUB_READ_ONLY: 'true' },
      tools: ['get_file', 'get_issue', 'get_pull_request', 'health_check', 'list_pull_requests', 'list_repos', 'list_workflow_runs', 'search_issues'],
    },
  });

  it('reports degraded when GitHub rate-limits the probe', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.get('/rate_limit', (c) => c.json({ message: 'API rate limit exceeded' }, 403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' })),
    });
    const { body } = await healthOf(harness.service);
    expect(body.components.upstream_probe?.status).toBe('degraded');
    expect(body.components.upstream_probe?.message).toContain('rate limit');
  });

  it('serves a GitHub Enterprise Server base URL with its /api/v3 prefix, tracing and counting each call', async () => {
    const upstream = await startUpstream((app) => app.get('/api/v3/user/repos', (c) => c.json([])));
    try {
      const ghes = createGithubService({ LOG_LEVEL: 'silent', GITHUB_BASE_URL: `${upstream.url}/api/v3/`, GITHUB_TOKEN: 'ghp_test-token-1234' });
      await withService(ghes, async (service, client) => {
        const result = await client.callTool({ name: 'list_repos', arguments: {} });
        expect(result.isError).toBeFalsy();
        const sent = upstream.requests.find((r) => r.path === '/api/v3/user/repos');
        expect(sent?.headers.authorization).toBe('Bearer ghp_test-token-1234');
        expect(sent?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
        const metrics = await (await service.fetch(new Request('http://localhost/metrics'))).text();
        expect(metrics).toMatch(/mcp_upstream_requests_total\{[^}]*service="github"[^}]*upstream="github"[^}]*status="200"[^}]*\} [1-9]/);
      });
    } finally {
      await upstream.close();
    }
  });

  it('reads the next page from a Link header', () => {
    expect(
      nextPage('<https://api.github.com/user/repos?page=3&per_page=100>; rel="next", <https://api.github.com/user/repos?page=50&per_page=100>; rel="last"'),
    ).toBe(3);
    expect(nextPage('<https://api.github.com/user/repos?page=1>; rel="prev", <https://api.github.com/user/repos?page=1>; rel="first"')).toBeUndefined();
    expect(nextPage(undefined)).toBeUndefined();
  });

  it('accepts "owner/name" as repo and an explicit owner over GITHUB_DEFAULT_OWNER', async () => {
    harness = await startHarness({
      env: { GITHUB_DEFAULT_OWNER: 'default-org' },
      routes: (app) => app.get('/repos/:owner/:repo/pulls', (c) => c.json([])),
    });
    await call(harness, 'list_pull_requests', { repo: 'Hello-World' });
    await call(harness, 'list_pull_requests', { owner: 'octocat', repo: 'Hello-World' });
    await call(harness, 'list_pull_requests', { repo: 'someone/else' });
    expect(harness.upstream.requests.map((r) => r.path)).toEqual([
      '/repos/default-org/Hello-World/pulls',
      '/repos/octocat/Hello-World/pulls',
      '/repos/someone/else/pulls',
    ]);
  });
});
