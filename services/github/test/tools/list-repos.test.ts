import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness } from '../harness.js';
import { link, rateHeaders, repo } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('list_repos', () => {
  it("lists the token user's repositories, returning the Link header's next page as cursor", async () => {
    harness = await startHarness({
      routes: (app) =>
        app.get('/user/repos', (c) =>
          c.json([repo, { ...repo, name: 'Spoon-Knife', full_name: 'octocat/Spoon-Knife', private: true }], 200, {
            ...rateHeaders,
            link: link(harness?.upstream.url ?? '', '/user/repos', 3, 5),
          }),
        ),
    });
    const result = await call<{ repos: Array<Record<string, unknown>>; nextPage?: number; source: string }>(harness, 'list_repos', {
      per_page: 2,
      page: 2,
      visibility: 'all',
      sort: 'pushed',
    });
    expect(result.isError).toBe(false);
    expect(result.data.source).toBe('own');
    expect(result.data.nextPage).toBe(3);
    expect(result.data.repos[0]).toEqual({
      full_name: 'octocat/Hello-World',
      owner: 'octocat',
      name: 'Hello-World',
      private: false,
      visibility: 'public',
      description: 'This your first repo!',
      fork: false,
      archived: false,
      default_branch: 'master',
      language: null,
      stargazers_count: 80,
      forks_count: 9,
      open_issues_count: 0,
      pushed_at: '2011-01-26T19:06:43Z',
      updated_at: '2011-01-26T19:14:43Z',
      html_url: 'https://github.com/octocat/Hello-World',
    });
    expect(result.text).toContain('octocat/Spoon-Knife (private)');
    expect(harness.upstream.requests.find((r) => r.path === '/user/repos')?.query).toEqual({ per_page: '2', page: '2', visibility: 'all', sort: 'pushed' });
  });

  it("lists an organisation's or a user's repositories; no next page on the last one", async () => {
    harness = await startHarness({
      routes: (app) => {
        app.get('/orgs/github/repos', (c) => c.json([repo]));
        app.get('/users/octocat/repos', (c) => c.json([]));
      },
    });
    const org = await call<{ source: string; nextPage?: number; repos: unknown[] }>(harness, 'list_repos', { org: 'github', type: 'sources' });
    expect(org.data).toMatchObject({ source: 'org', page: 1, repos: [{ full_name: 'octocat/Hello-World' }] });
    expect(org.data.nextPage).toBeUndefined();
    expect(harness.upstream.requests.find((r) => r.path === '/orgs/github/repos')?.query).toEqual({ type: 'sources', per_page: '30', page: '1' });
    const user = await call(harness, 'list_repos', { user: 'octocat' });
    expect(user.data).toMatchObject({ source: 'user', repos: [] });
  });

  it('refuses contradictory arguments without calling GitHub', async () => {
    harness = await startHarness();
    expect((await call(harness, 'list_repos', { org: 'a', user: 'b' })).text).toContain('org or user');
    expect((await call(harness, 'list_repos', { type: 'owner', visibility: 'private' })).text).toContain('type together with visibility');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('a 429 with Retry-After is a rate-limit error with the wait (not retried through Octokit)', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.get('/user/repos', (c) =>
          c.json({ message: 'You have exceeded a secondary rate limit.' }, 429, { 'retry-after': '30', 'x-ratelimit-remaining': '4000' }),
        ),
    });
    const result = await call(harness, 'list_repos');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/GitHub secondary rate limit reached: 429 to GET \/user\/repos.*Retry after 30 s/);
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 });
    expect(harness.upstream.requests.filter((r) => r.path === '/user/repos')).toHaveLength(1);
  });

  it('a 403 with an exhausted primary quota waits until x-ratelimit-reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    harness = await startHarness({
      routes: (app) =>
        app.get('/user/repos', (c) =>
          c.json(
            { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
            403,
            {
              'x-ratelimit-limit': '5000',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(reset),
              'x-ratelimit-resource': 'core',
            },
          ),
        ),
    });
    const result = await call(harness, 'list_repos');
    expect(result.text).toContain('GitHub primary rate limit reached (resource: core)');
    const seconds = (result._meta?.['io.mcp-fleet/error'] as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    expect(seconds).toBeGreaterThanOrEqual(118);
    expect(seconds).toBeLessThanOrEqual(121);
  });

  it('a 401 names GITHUB_TOKEN', async () => {
    harness = await startHarness({ routes: (app) => app.get('/user/repos', (c) => c.json({ message: 'Bad credentials', status: '401' }, 401)) });
    const result = await call(harness, 'list_repos');
    expect(result.isError).toBe(true);
    expect(result.text).toContain('GitHub rejected GITHUB_TOKEN (401 to GET /user/repos)');
    expect(result.text).not.toContain('ghp_test-token-1234');
  });

  it('a 5xx is an upstream error with the status; a malformed body is reported as such', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.get('/orgs/down/repos', (c) => c.json({ message: 'Server Error' }, 502));
        app.get('/orgs/weird/repos', (c) => c.body('{"not json', 200, { 'content-type': 'application/json; charset=utf-8' }));
        app.get('/orgs/object/repos', (c) => c.json({ message: 'not a list' }));
      },
    });
    expect((await call(harness, 'list_repos', { org: 'down' })).text).toContain('GitHub answered 502 to GET /orgs/down/repos');
    expect((await call(harness, 'list_repos', { org: 'weird' })).text).toContain('unexpected response to GET /orgs/weird/repos');
    expect((await call(harness, 'list_repos', { org: 'object' })).text).toContain('unexpected response to GET /orgs/object/repos');
  });
});
