import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness } from '../harness.js';
import { comment, issue, mergeResult } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const REPO = '/repos/octocat/Hello-World';

describe('create_issue', () => {
  it('posts the issue as JSON and returns its number and URL', async () => {
    harness = await startHarness({ routes: (app) => app.post(`${REPO}/issues`, (c) => c.json(issue, 201)) });
    const result = await call(harness, 'create_issue', {
      owner: 'octocat',
      repo: 'Hello-World',
      title: 'Found a bug',
      body: "I'm having a problem with this.",
      labels: ['bug'],
      assignees: ['octocat'],
    });
    expect(result.isError).toBe(false);
    expect(result.data).toEqual({
      number: 1347,
      title: 'Found a bug',
      state: 'open',
      html_url: 'https://github.com/octocat/Hello-World/issues/1347',
      created_at: '2011-04-22T13:33:48Z',
    });
    const sent = harness.upstream.requests[0];
    expect(JSON.parse(sent?.body ?? '')).toEqual({ title: 'Found a bug', body: "I'm having a problem with this.", labels: ['bug'], assignees: ['octocat'] });
    expect(sent?.headers['content-type']).toContain('application/json');
  });

  it('a 403 names the scope and permission GitHub says are needed', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.post(`${REPO}/issues`, (c) =>
          c.json({ message: 'Resource not accessible by personal access token', status: '403' }, 403, {
            'x-accepted-oauth-scopes': 'repo',
            'x-oauth-scopes': 'read:org',
            'x-accepted-github-permissions': 'issues=write',
          }),
        ),
    });
    const result = await call(harness, 'create_issue', { repo: 'octocat/Hello-World', title: 't' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('needs the classic token scope(s) "repo" (GITHUB_TOKEN has "read:org")');
    expect(result.text).toContain('"issues=write"');
  });

  it('a 410 says issues are disabled', async () => {
    harness = await startHarness({
      routes: (app) => app.post(`${REPO}/issues`, (c) => c.json({ message: 'Issues are disabled for this repo', status: '410' }, 410)),
    });
    expect((await call(harness, 'create_issue', { repo: 'octocat/Hello-World', title: 't' })).text).toContain('Issues are disabled');
  });

  it('is not retried on a 502 (not idempotent)', async () => {
    harness = await startHarness({ routes: (app) => app.post(`${REPO}/issues`, (c) => c.json({ message: 'Bad Gateway' }, 502)) });
    await call(harness, 'create_issue', { repo: 'octocat/Hello-World', title: 't' });
    expect(harness.upstream.requests).toHaveLength(1);
  });
});

describe('add_comment', () => {
  it('posts the comment', async () => {
    harness = await startHarness({ routes: (app) => app.post(`${REPO}/issues/1347/comments`, (c) => c.json(comment, 201)) });
    const result = await call(harness, 'add_comment', { owner: 'octocat', repo: 'Hello-World', number: 1347, body: 'Me too' });
    expect(result.data).toEqual({ id: 1, html_url: 'https://github.com/octocat/Hello-World/issues/1347#issuecomment-1', created_at: '2011-04-14T16:00:49Z' });
    expect(JSON.parse(harness.upstream.requests[0]?.body ?? '')).toEqual({ body: 'Me too' });
  });

  it('a 404 for a missing issue', async () => {
    harness = await startHarness({ routes: (app) => app.post(`${REPO}/issues/9/comments`, (c) => c.json({ message: 'Not Found' }, 404)) });
    expect((await call(harness, 'add_comment', { repo: 'octocat/Hello-World', number: 9, body: 'x' })).text).toContain('(404)');
  });
});

describe('merge_pull_request', () => {
  it('merges with the method and the expected head SHA', async () => {
    harness = await startHarness({ routes: (app) => app.put(`${REPO}/pulls/1347/merge`, (c) => c.json(mergeResult)) });
    const sha = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
    const result = await call(harness, 'merge_pull_request', {
      repo: 'octocat/Hello-World',
      number: 1347,
      merge_method: 'squash',
      sha,
      commit_title: 'Feature (#1347)',
    });
    expect(result.data).toEqual(mergeResult);
    expect(JSON.parse(harness.upstream.requests[0]?.body ?? '')).toEqual({ merge_method: 'squash', sha, commit_title: 'Feature (#1347)' });
  });

  it("405 (not mergeable) and 409 (head moved) are conflicts with GitHub's reason", async () => {
    harness = await startHarness({
      routes: (app) => {
        app.put(`${REPO}/pulls/1/merge`, (c) =>
          c.json({ message: 'Pull Request is not mergeable', documentation_url: 'https://docs.github.com/rest', status: '405' }, 405),
        );
        app.put(`${REPO}/pulls/2/merge`, (c) => c.json({ message: 'Head branch was modified. Review and try the merge again.', status: '409' }, 409));
      },
    });
    const notMergeable = await call(harness, 'merge_pull_request', { repo: 'octocat/Hello-World', number: 1 });
    expect(notMergeable.text).toContain('Pull Request is not mergeable');
    expect(notMergeable._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'conflict' });
    expect((await call(harness, 'merge_pull_request', { repo: 'octocat/Hello-World', number: 2 })).text).toContain('Head branch was modified');
  });

  it('is annotated destructive, so the gateway asks for approval', async () => {
    harness = await startHarness();
    const { tools } = await harness.client.listTools();
    expect(tools.find((t) => t.name === 'merge_pull_request')?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
  });
});
