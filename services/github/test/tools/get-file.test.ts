import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness } from '../harness.js';
import { contentFile, directory } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const CONTENTS = '/repos/octocat/Hello-World/contents/*';
/** Octokit sends the path as one encoded segment (lib%2Foctokit.rb); GitHub decodes it. */
const pathOf = (p: string) => decodeURIComponent(p.replace('/repos/octocat/Hello-World/contents/', ''));

describe('get_file', () => {
  it('decodes a text file at a ref, with GITHUB_DEFAULT_OWNER as owner', async () => {
    const text = '# Hello-World\nMy first repository on GitHub — ünïcode.\n';
    harness = await startHarness({
      env: { GITHUB_DEFAULT_OWNER: 'octocat' },
      routes: (app) => app.get(CONTENTS, (c) => c.json(contentFile(pathOf(c.req.path), text))),
    });
    const result = await call(harness, 'get_file', { repo: 'Hello-World', path: 'docs/README.md', ref: 'v1.0' });
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({ kind: 'file', path: 'docs/README.md', encoding: 'utf-8', content: text, size: Buffer.byteLength(text) });
    const sent = harness.upstream.requests[0];
    expect(pathOf(sent?.path ?? '')).toBe('docs/README.md');
    expect(sent?.query).toEqual({ ref: 'v1.0' });
  });

  it('lists a directory', async () => {
    harness = await startHarness({ routes: (app) => app.get(CONTENTS, (c) => c.json(directory)) });
    const result = await call(harness, 'get_file', { repo: 'octocat/Hello-World', path: 'lib' });
    expect(result.data).toEqual({
      kind: 'dir',
      path: 'lib',
      entries: [
        { name: 'octokit.rb', path: 'lib/octokit.rb', type: 'file', size: 625, sha: 'fff6fe3a23bf1c8ea0692b4a883af99bee26fd3b' },
        { name: 'octokit', path: 'lib/octokit', type: 'dir', size: 0, sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d' },
      ],
    });
  });

  it('returns binary files as base64', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff]);
    const file = { ...contentFile('logo.png', ''), size: bytes.length, content: bytes.toString('base64') };
    harness = await startHarness({ routes: (app) => app.get(CONTENTS, (c) => c.json(file)) });
    const result = await call(harness, 'get_file', { owner: 'octocat', repo: 'Hello-World', path: 'logo.png' });
    expect(result.data).toMatchObject({ kind: 'file', encoding: 'base64', content: bytes.toString('base64') });
  });

  it('fetches files over 1 MB raw (encoding "none"), and hands big results over in blocks', async () => {
    const big = 'x'.repeat(1_500_000);
    harness = await startHarness({
      env: { MCP_LARGE_RESULT_BYTES: '100000' },
      routes: (app) =>
        app.get(CONTENTS, (c) => {
          if (c.req.header('accept') === 'application/vnd.github.v3.raw')
            return c.body(big, 200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
          return c.json({ ...contentFile('big.txt', ''), size: big.length, encoding: 'none', content: '' });
        }),
    });
    const result = await call<{ truncated: boolean; resource: { uri: string; totalBytes: number } }>(harness, 'get_file', {
      owner: 'octocat',
      repo: 'Hello-World',
      path: 'big.txt',
    });
    expect(result.isError).toBe(false);
    expect(result.data.truncated).toBe(true);
    expect(result.data.resource.totalBytes).toBeGreaterThan(1_500_000);
    const block = await harness.client.readResource({ uri: `${result.data.resource.uri}/0` });
    expect((block.contents[0] as { text: string }).text).toContain('"kind":"file"');
    expect(harness.upstream.requests.map((r) => r.headers.accept)).toEqual(['application/vnd.github.v3+json', 'application/vnd.github.v3.raw']);
  });

  it('refuses files over GITHUB_MAX_FILE_BYTES, giving the download URL', async () => {
    harness = await startHarness({
      env: { GITHUB_MAX_FILE_BYTES: '1000' },
      routes: (app) => app.get(CONTENTS, (c) => c.json({ ...contentFile('big.bin', ''), size: 5_000_000, encoding: 'none', content: '' })),
    });
    const result = await call(harness, 'get_file', { owner: 'octocat', repo: 'Hello-World', path: 'big.bin' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('over GITHUB_MAX_FILE_BYTES');
    expect(result.text).toContain('https://raw.githubusercontent.com/octocat/Hello-World/master/big.bin');
    expect(harness.upstream.requests).toHaveLength(1);
  });

  it('a 404 explains that private repositories also answer 404; ".." and a missing owner are refused', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.get(CONTENTS, (c) =>
          c.json({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content', status: '404' }, 404),
        ),
    });
    const missing = await call(harness, 'get_file', { owner: 'octocat', repo: 'Hello-World', path: 'nope.txt' });
    expect(missing.text).toContain('GitHub found nothing at GET /repos/octocat/Hello-World/contents/nope.txt (404)');
    expect(missing.text).toContain('cannot see a private repository');
    expect((await call(harness, 'get_file', { owner: 'octocat', repo: 'Hello-World', path: 'a/../../etc' })).text).toContain('".."');
    expect((await call(harness, 'get_file', { repo: 'Hello-World' })).text).toContain('GITHUB_DEFAULT_OWNER');
    expect(harness.upstream.requests).toHaveLength(1);
  });
});
