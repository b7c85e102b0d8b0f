import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness } from '../harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('health_check', () => {
  it('reports the identity, scopes and quotas, sending the token, API version and user agent', async () => {
    harness = await startHarness();
    const result = await call(harness, 'health_check');
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({
      ok: true,
      identity: 'octocat',
      kind: 'user',
      scopes: ['repo', 'read:org'],
      rateLimit: { limit: 5000, remaining: 4999, resource: 'core' },
      resources: { core: { limit: 5000, remaining: 4999, resetAt: '2023-08-09T14:29:23.000Z' }, search: { remaining: 18 } },
    });
    expect(result.text).toMatch(/answered in \d+ ms as octocat; core 4999\/5000 left/);
    const sent = harness.upstream.requests.find((r) => r.path === '/rate_limit');
    expect(sent?.headers.authorization).toBe('Bearer ghp_test-token-1234');
    expect(sent?.headers['x-github-api-version']).toBe('2022-11-28');
    expect(sent?.headers['user-agent']).toMatch(/^mcp-fleet-github\/0\.1\.0 octokit-rest\.js/);
  });

  it('honours GITHUB_API_VERSION', async () => {
    harness = await startHarness({ env: { GITHUB_API_VERSION: '2026-03-10' } });
    await call(harness, 'health_check');
    expect(harness.upstream.requests[0]?.headers['x-github-api-version']).toBe('2026-03-10');
  });

  it('identifies installation tokens, which cannot call GET /user', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.get('/user', (c) => c.json({ message: 'Resource not accessible by integration', status: '403' }, 403));
        app.get('/installation/repositories', (c) => c.json({ total_count: 3, repositories: [] }));
      },
    });
    const result = await call(harness, 'health_check');
    expect(result.data).toMatchObject({ ok: true, kind: 'installation', identity: 'GitHub App installation (3 repositories)' });
    expect(harness.upstream.requests.find((r) => r.path === '/installation/repositories')?.query).toEqual({ per_page: '1' });
  });

  it('on GitHub Enterprise Server with rate limiting disabled, still proves the token', async () => {
    harness = await startHarness({ routes: (app) => app.get('/rate_limit', (c) => c.json({ message: 'Rate limiting is not enabled.' }, 404)) });
    const result = await call(harness, 'health_check');
    expect(result.data).toMatchObject({ ok: true, identity: 'octocat', note: expect.stringContaining('disabled') });
  });

  it('a rejected token gives ok: false naming GITHUB_TOKEN', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.get('/rate_limit', (c) => c.json({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }, 401)),
    });
    const result = await call(harness, 'health_check');
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({ ok: false, error: expect.stringContaining('GITHUB_TOKEN') });
  });

  it('an upstream 503 gives ok: false with the status, without retrying', async () => {
    harness = await startHarness({ routes: (app) => app.get('/rate_limit', (c) => c.text('unicorn', 503)) });
    const result = await call(harness, 'health_check');
    expect(result.data).toMatchObject({ ok: false, error: expect.stringMatching(/503/) });
    expect(harness.upstream.requests.filter((r) => r.path === '/rate_limit')).toHaveLength(1);
  });
});
