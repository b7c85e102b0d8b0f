import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness } from '../harness.js';
import { link, searchIssues } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('search_issues', () => {
  it('searches with the query as given and summarises the items', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.get('/search/issues', (c) =>
          c.json(searchIssues, 200, { link: link(harness?.upstream.url ?? '', '/search/issues', 2, 94), 'x-ratelimit-resource': 'search' }),
        ),
    });
    const q = 'windows label:bug language:python state:open';
    const result = await call(harness, 'search_issues', { q, sort: 'created', order: 'asc', per_page: 3 });
    expect(result.isError).toBe(false);
    expect(result.data).toEqual({
      total_count: 280,
      incomplete_results: false,
      page: 1,
      nextPage: 2,
      items: [
        {
          number: 132,
          title: 'Line Number Indexes Beyond 20 Not Displayed',
          state: 'open',
          is_pull_request: true,
          repository: 'batterseapower/pinyin-toolkit',
          user: 'Nick3C',
          labels: ['bug'],
          comments: 15,
          created_at: '2009-07-12T20:10:41Z',
          updated_at: '2009-07-19T09:23:43Z',
          closed_at: null,
          html_url: 'https://github.com/batterseapower/pinyin-toolkit/issues/132',
        },
      ],
    });
    expect(harness.upstream.requests[0]?.query).toEqual({ q, sort: 'created', order: 'asc', per_page: '3', page: '1' });
  });

  it('notes the 1,000-result cap and stops offering pages beyond it', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.get('/search/issues', (c) =>
          c.json({ ...searchIssues, total_count: 52_000 }, 200, { link: link(harness?.upstream.url ?? '', '/search/issues', 11, 34) }),
        ),
    });
    const result = await call<{ note: string; nextPage?: number }>(harness, 'search_issues', { q: 'is:issue', per_page: 100, page: 10 });
    expect(result.data.note).toContain('only the first 1000');
    expect(result.data.nextPage).toBeUndefined();
  });

  it('refuses pages beyond the first 1,000 results without calling GitHub', async () => {
    harness = await startHarness();
    const result = await call(harness, 'search_issues', { q: 'is:issue', per_page: 100, page: 11 });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('only the first 1000 results');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it("a 422 for an invalid query is an invalid-input error with GitHub's reason", async () => {
    harness = await startHarness({
      routes: (app) =>
        app.get('/search/issues', (c) =>
          c.json(
            {
              message: 'Validation Failed',
              errors: [
                {
                  message:
                    'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
                  resource: 'Search',
                  field: 'q',
                  code: 'invalid',
                },
              ],
              documentation_url: 'https://docs.github.com/v3/search/',
              status: '422',
            },
            422,
          ),
        ),
    });
    const result = await call(harness, 'search_issues', { q: 'repo:nobody/nothing' });
    expect(result.text).toContain('GitHub rejected the arguments of GET /search/issues (422): Validation Failed');
    expect(result.text).toContain('cannot be searched');
  });

  it('a secondary rate limit (403 without retry-after) waits at least a minute', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.get('/search/issues', (c) =>
          c.json({ message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', status: '403' }, 403, {
            'x-ratelimit-remaining': '20',
          }),
        ),
    });
    const result = await call(harness, 'search_issues', { q: 'is:pr' });
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
  });
});
