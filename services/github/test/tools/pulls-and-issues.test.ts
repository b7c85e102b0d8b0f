import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness } from '../harness.js';
import { comment, issue, link, pull, pullFile } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const PR = '/repos/octocat/Hello-World/pulls/1347';

describe('get_pull_request', () => {
  it('returns the pull request with a page of changed files, patches only on request', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.get(PR, (c) => c.json(pull));
        app.get(`${PR}/files`, (c) =>
          c.json([pullFile, { ...pullFile, filename: 'old.txt', status: 'renamed', previous_filename: 'older.txt' }], 200, {
            link: link(harness?.upstream.url ?? '', `${PR}/files`, 2, 3),
          }),
        );
      },
    });
    const plain = await call<{ pull_request: Record<string, unknown>; files: Array<Record<string, unknown>>; files_next_page?: number }>(
      harness,
      'get_pull_request',
      {
        owner: 'octocat',
        repo: 'Hello-World',
        number: 1347,
        files_per_page: 2,
      },
    );
    expect(plain.isError).toBe(false);
    expect(plain.data.pull_request).toMatchObject({
      number: 1347,
      title: 'Amazing new feature',
      state: 'open',
      mergeable: true,
      mergeable_state: 'clean',
      user: 'octocat',
      labels: ['bug'],
      requested_reviewers: ['other_user'],
      head: { ref: 'new-topic', sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e', repo: 'octocat/Hello-World' },
      base: { ref: 'master' },
      body: 'Please pull these awesome changes in!',
      changed_files: 5,
    });
    expect(plain.data.files[0]).toEqual({ filename: 'file1.txt', status: 'added', additions: 103, deletions: 21, changes: 124 });
    expect(plain.data.files[1]).toMatchObject({ previous_filename: 'older.txt' });
    expect(plain.data.files_next_page).toBe(2);
    expect(plain.text).toContain('new-topic → master');
    const withPatch = await call<{ files: Array<{ patch?: string }> }>(harness, 'get_pull_request', {
      repo: 'octocat/Hello-World',
      number: 1347,
      include_patch: true,
    });
    expect(withPatch.data.files[0]?.patch).toContain('@@ -132,7');
    expect(harness.upstream.requests.filter((r) => r.path === `${PR}/files`).map((r) => r.query)).toEqual([
      { per_page: '2', page: '1' },
      { per_page: '100', page: '1' },
    ]);
  });

  it('a 404 says the pull request was not found', async () => {
    harness = await startHarness({
      routes: (app) => app.get('/repos/octocat/Hello-World/pulls/*', (c) => c.json({ message: 'Not Found', status: '404' }, 404)),
    });
    const result = await call(harness, 'get_pull_request', { repo: 'octocat/Hello-World', number: 9 });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('(404)');
  });
});

describe('list_pull_requests', () => {
  it('lists with filters and paging', async () => {
    harness = await startHarness({ routes: (app) => app.get('/repos/octocat/Hello-World/pulls', (c) => c.json([pull])) });
    const result = await call(harness, 'list_pull_requests', { owner: 'octocat', repo: 'Hello-World', state: 'all', base: 'master', per_page: 10 });
    expect(result.data).toMatchObject({ page: 1, pull_requests: [{ number: 1347, head: { ref: 'new-topic' }, merged_at: '2011-01-26T19:01:12Z' }] });
    expect(harness.upstream.requests[0]?.query).toEqual({ state: 'all', base: 'master', per_page: '10', page: '1' });
  });
});

describe('get_issue', () => {
  it('returns the issue with a page of comments', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.get('/repos/octocat/Hello-World/issues/1347', (c) => c.json(issue));
        app.get('/repos/octocat/Hello-World/issues/1347/comments', (c) => c.json([comment]));
      },
    });
    const result = await call(harness, 'get_issue', { owner: 'octocat', repo: 'Hello-World', number: 1347 });
    expect(result.data).toEqual({
      issue: {
        number: 1347,
        title: 'Found a bug',
        state: 'open',
        state_reason: null,
        is_pull_request: false,
        repository: 'octocat/Hello-World',
        user: 'octocat',
        labels: ['bug'],
        assignees: ['octocat'],
        comments: 0,
        body: "I'm having a problem with this.",
        created_at: '2011-04-22T13:33:48Z',
        updated_at: '2011-04-22T13:33:48Z',
        closed_at: null,
        html_url: 'https://github.com/octocat/Hello-World/issues/1347',
      },
      comments: [
        {
          id: 1,
          user: 'octocat',
          body: 'Me too',
          created_at: '2011-04-14T16:00:49Z',
          updated_at: '2011-04-14T16:00:49Z',
          html_url: 'https://github.com/octocat/Hello-World/issues/1347#issuecomment-1',
        },
      ],
      comments_page: 1,
    });
  });

  it('skips comments with comments_per_page 0', async () => {
    harness = await startHarness({ routes: (app) => app.get('/repos/octocat/Hello-World/issues/1347', (c) => c.json(issue)) });
    const result = await call(harness, 'get_issue', { repo: 'octocat/Hello-World', number: 1347, comments_per_page: 0 });
    expect(result.data).toMatchObject({ comments: [] });
    expect(harness.upstream.requests).toHaveLength(1);
  });
});
