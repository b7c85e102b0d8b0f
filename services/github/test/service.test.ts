import { connectInProcess } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createGithubService } from '../src/server.js';
import { nextPage } from '../src/pagination.js';
import { call, type Harness, startHarness, startUpstream, textOf } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface HealthBody {
  status: string;
  components: Record<string, { status: string; message?: string; metadata?: Record<string, unknown> }>;
}

async function healthOf(service: { fetch(request: Request): Promise<Response> }) {
  const res = await service.fetch(new Request('http://localhost/health'));
  return { status: res.status, body: (await res.json()) as HealthBody };
}

describe('github service', () => {
  it('is healthy against a working upstream, probing GET /rate_limit and showing the circuit and the quota', async () => {
    harness = await startHarness();
    await harness.client.callTool({ name: 'health_check', arguments: {} });
    const { status, body } = await healthOf(harness.service);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.components.upstream_probe?.status).toBe('healthy');
    expect(body.components['upstream:github']?.metadata).toMatchObject({ circuit: 'closed', rateLimit: { remaining: 4999, resource: 'core' } });
    // The tool's two calls, then the probe's one: GET /rate_limit is free, GET /user costs a request.
    expect(harness.upstream.requests.map((r) => r.path)).toEqual(['/rate_limit', '/user', '/rate_limit']);
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

  it('without configuration it starts degraded, and tools name the missing variable', async () => {
    const service = createGithubService({ LOG_LEVEL: 'silent' });
    const client = await connectInProcess(service);
    try {
      const { status, body } = await healthOf(service);
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.components.configuration?.message).toContain('GITHUB_TOKEN');
      for (const name of ['health_check', 'list_repos']) {
        const result = await client.callTool({ name, arguments: {} });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toContain('GITHUB_TOKEN');
      }
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it('an invalid setting stops start-up with one line naming the variable', async () => {
    await expect(createGithubService({ LOG_LEVEL: 'silent', GITHUB_TIMEOUT_MS: 'soon' }).init()).rejects.toThrow(
      /^Invalid configuration: GITHUB_TIMEOUT_MS is invalid/,
    );
    await expect(createGithubService({ LOG_LEVEL: 'silent', GITHUB_API_VERSION: 'latest' }).init()).rejects.toThrow(/GITHUB_API_VERSION/);
    await expect(createGithubService({ LOG_LEVEL: 'silent', GITHUB_DEFAULT_OWNER: 'not/valid' }).init()).rejects.toThrow(/GITHUB_DEFAULT_OWNER/);
  });

  it('GITHUB_READ_ONLY keeps the read-only tools only', async () => {
    harness = await startHarness({ env: { GITHUB_READ_ONLY: 'true' } });
    const { tools } = await harness.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'get_file',
      'get_issue',
      'get_pull_request',
      'health_check',
      'list_pull_requests',
      'list_repos',
      'list_workflow_runs',
      'search_issues',
    ]);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
  });

  it('serves a GitHub Enterprise Server base URL with its /api/v3 prefix, tracing and counting each call', async () => {
    const upstream = await startUpstream((app) => app.get('/api/v3/user/repos', (c) => c.json([])));
    const ghes = createGithubService({ LOG_LEVEL: 'silent', GITHUB_BASE_URL: `${upstream.url}/api/v3/`, GITHUB_TOKEN: 'ghp_test-token-1234' });
    const client = await connectInProcess(ghes);
    try {
      const result = await client.callTool({ name: 'list_repos', arguments: {} });
      expect(result.isError).toBeFalsy();
      const sent = upstream.requests.find((r) => r.path === '/api/v3/user/repos');
      expect(sent?.headers.authorization).toBe('Bearer ghp_test-token-1234');
      expect(sent?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      const metrics = await (await ghes.fetch(new Request('http://localhost/metrics'))).text();
      expect(metrics).toMatch(/mcp_upstream_requests_total\{[^}]*service="github"[^}]*upstream="github"[^}]*status="200"[^}]*\} [1-9]/);
    } finally {
      await client.close();
      await ghes.stop();
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
