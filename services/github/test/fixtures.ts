/**
 * Payloads as docs.github.com documents them (the "Example response" of each
 * endpoint, octocat/Hello-World), trimmed of fields the service ignores but
 * keeping the documented field names, types and nulls.
 */

export const octocat = {
  login: 'octocat',
  id: 1,
  node_id: 'MDQ6VXNlcjE=',
  avatar_url: 'https://github.com/images/error/octocat_happy.gif',
  url: 'https://api.github.com/users/octocat',
  html_url: 'https://github.com/octocat',
  type: 'User',
  site_admin: false,
};

export const repo = {
  id: 1296269,
  node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
  name: 'Hello-World',
  full_name: 'octocat/Hello-World',
  owner: octocat,
  private: false,
  html_url: 'https://github.com/octocat/Hello-World',
  description: 'This your first repo!',
  fork: false,
  url: 'https://api.github.com/repos/octocat/Hello-World',
  language: null,
  forks_count: 9,
  stargazers_count: 80,
  watchers_count: 80,
  size: 108,
  default_branch: 'master',
  open_issues_count: 0,
  is_template: false,
  topics: ['octocat', 'atom', 'electron', 'api'],
  archived: false,
  disabled: false,
  visibility: 'public',
  pushed_at: '2011-01-26T19:06:43Z',
  created_at: '2011-01-26T19:01:12Z',
  updated_at: '2011-01-26T19:14:43Z',
  permissions: { admin: false, push: false, pull: true },
};

export const rateLimit = {
  resources: {
    core: { limit: 5000, used: 1, remaining: 4999, reset: 1691591363 },
    search: { limit: 30, used: 12, remaining: 18, reset: 1691591091 },
    graphql: { limit: 5000, used: 7, remaining: 4993, reset: 1691593228 },
    integration_manifest: { limit: 5000, used: 1, remaining: 4999, reset: 1691594631 },
    code_scanning_upload: { limit: 500, used: 1, remaining: 499, reset: 1691594631 },
  },
  rate: { limit: 5000, used: 1, remaining: 4999, reset: 1372700873 },
};

/** x-ratelimit-* headers GitHub sends on every REST response. */
export const rateHeaders = {
  'x-ratelimit-limit': '5000',
  'x-ratelimit-remaining': '4999',
  'x-ratelimit-used': '1',
  'x-ratelimit-reset': '1900000000',
  'x-ratelimit-resource': 'core',
};

export const issue = {
  id: 1,
  node_id: 'MDU6SXNzdWUx',
  url: 'https://api.github.com/repos/octocat/Hello-World/issues/1347',
  repository_url: 'https://api.github.com/repos/octocat/Hello-World',
  html_url: 'https://github.com/octocat/Hello-World/issues/1347',
  number: 1347,
  state: 'open',
  title: 'Found a bug',
  body: "I'm having a problem with this.",
  user: octocat,
  labels: [{ id: 208045946, node_id: 'MDU6TGFiZWwyMDgwNDU5NDY=', name: 'bug', description: "Something isn't working", color: 'f29513', default: true }],
  assignee: octocat,
  assignees: [octocat],
  milestone: null,
  locked: true,
  comments: 0,
  closed_at: null,
  created_at: '2011-04-22T13:33:48Z',
  updated_at: '2011-04-22T13:33:48Z',
  author_association: 'COLLABORATOR',
  state_reason: null,
};

export const searchIssues = {
  total_count: 280,
  incomplete_results: false,
  items: [
    {
      url: 'https://api.github.com/repos/batterseapower/pinyin-toolkit/issues/132',
      repository_url: 'https://api.github.com/repos/batterseapower/pinyin-toolkit',
      html_url: 'https://github.com/batterseapower/pinyin-toolkit/issues/132',
      id: 35802,
      node_id: 'MDU6SXNzdWUzNTgwMg==',
      number: 132,
      title: 'Line Number Indexes Beyond 20 Not Displayed',
      user: { login: 'Nick3C', id: 90254, type: 'User' },
      labels: [{ id: 4, name: 'bug', color: 'ff0000', default: true }],
      state: 'open',
      assignee: null,
      milestone: null,
      comments: 15,
      created_at: '2009-07-12T20:10:41Z',
      updated_at: '2009-07-19T09:23:43Z',
      closed_at: null,
      pull_request: {
        url: 'https://api/github.com/repos/octocat/Hello-World/pull/1347',
        html_url: 'https://github.com/octocat/Hello-World/pull/1347',
        diff_url: 'https://github.com/octocat/Hello-World/pull/1347.diff',
        patch_url: 'https://api.github.com/repos/octocat/Hello-World/pulls/1347.patch',
      },
      body: '...',
      score: 1,
      locked: true,
      author_association: 'COLLABORATOR',
      state_reason: 'completed',
    },
  ],
};

export const comment = {
  id: 1,
  node_id: 'MDEyOklzc3VlQ29tbWVudDE=',
  url: 'https://api.github.com/repos/octocat/Hello-World/issues/comments/1',
  html_url: 'https://github.com/octocat/Hello-World/issues/1347#issuecomment-1',
  body: 'Me too',
  user: octocat,
  created_at: '2011-04-14T16:00:49Z',
  updated_at: '2011-04-14T16:00:49Z',
  issue_url: 'https://api.github.com/repos/octocat/Hello-World/issues/1347',
  author_association: 'COLLABORATOR',
};

export const pull = {
  url: 'https://api.github.com/repos/octocat/Hello-World/pulls/1347',
  id: 1,
  node_id: 'MDExOlB1bGxSZXF1ZXN0MQ==',
  html_url: 'https://github.com/octocat/Hello-World/pull/1347',
  number: 1347,
  state: 'open',
  locked: true,
  title: 'Amazing new feature',
  user: octocat,
  body: 'Please pull these awesome changes in!',
  labels: [{ id: 208045946, name: 'bug', color: 'f29513', default: true }],
  milestone: null,
  active_lock_reason: 'too heated',
  created_at: '2011-01-26T19:01:12Z',
  updated_at: '2011-01-26T19:01:12Z',
  closed_at: '2011-01-26T19:01:12Z',
  merged_at: '2011-01-26T19:01:12Z',
  merge_commit_sha: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
  assignee: octocat,
  assignees: [octocat],
  requested_reviewers: [{ login: 'other_user', id: 1, type: 'User' }],
  requested_teams: [],
  head: { label: 'octocat:new-topic', ref: 'new-topic', sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e', user: octocat, repo },
  base: { label: 'octocat:master', ref: 'master', sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e', user: octocat, repo },
  author_association: 'OWNER',
  draft: false,
  merged: false,
  mergeable: true,
  rebaseable: true,
  mergeable_state: 'clean',
  merged_by: octocat,
  comments: 10,
  review_comments: 0,
  maintainer_can_modify: true,
  commits: 3,
  additions: 100,
  deletions: 3,
  changed_files: 5,
};

export const pullFile = {
  sha: 'bbcd538c8e72b8c175046e27cc8f907076331401',
  filename: 'file1.txt',
  status: 'added',
  additions: 103,
  deletions: 21,
  changes: 124,
  blob_url: 'https://github.com/octocat/Hello-World/blob/6dcb09b5b57875f334f61aebed695e2e4193db5e/file1.txt',
  raw_url: 'https://github.com/octocat/Hello-World/raw/6dcb09b5b57875f334f61aebed695e2e4193db5e/file1.txt',
  contents_url: 'https://api.github.com/repos/octocat/Hello-World/contents/file1.txt?ref=6dcb09b5b57875f334f61aebed695e2e4193db5e',
  patch: '@@ -132,7 +132,7 @@ module Test @@ -1000,7 +1000,7 @@ module Test',
};

export const workflowRuns = {
  total_count: 1,
  workflow_runs: [
    {
      id: 30433642,
      name: 'Build',
      node_id: 'MDEyOldvcmtmbG93IFJ1bjI2OTI4OQ==',
      check_suite_id: 42,
      head_branch: 'master',
      head_sha: 'acb5820ced9479c074f688cc328bf03f341a511d',
      path: '.github/workflows/build.yml@main',
      run_number: 562,
      event: 'push',
      display_title: 'Update README.md',
      status: 'queued',
      conclusion: null,
      workflow_id: 159038,
      url: 'https://api.github.com/repos/octo-org/octo-repo/actions/runs/30433642',
      html_url: 'https://github.com/octo-org/octo-repo/actions/runs/30433642',
      pull_requests: [],
      created_at: '2020-01-22T19:33:08Z',
      updated_at: '2020-01-22T19:33:08Z',
      actor: octocat,
      run_attempt: 1,
      run_started_at: '2020-01-22T19:33:08Z',
      triggering_actor: octocat,
    },
  ],
};

export const mergeResult = { sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e', merged: true, message: 'Pull Request successfully merged' };

/** A file of the contents API: base64 with line breaks every 60 characters, as GitHub sends it. */
export function contentFile(path: string, text: string) {
  const b64 = Buffer.from(text).toString('base64');
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(text),
    name: path.split('/').pop(),
    path,
    content: `${b64.match(/.{1,60}/g)?.join('\n') ?? ''}\n`,
    sha: '3d21ec53a331a6f037a91c368710b99387d012c1',
    url: `https://api.github.com/repos/octocat/Hello-World/contents/${path}`,
    git_url: 'https://api.github.com/repos/octocat/Hello-World/git/blobs/3d21ec53a331a6f037a91c368710b99387d012c1',
    html_url: `https://github.com/octocat/Hello-World/blob/master/${path}`,
    download_url: `https://raw.githubusercontent.com/octocat/Hello-World/master/${path}`,
    _links: { git: 'https://api.github.com/…', self: 'https://api.github.com/…', html: 'https://github.com/…' },
  };
}

export const directory = [
  {
    type: 'file',
    size: 625,
    name: 'octokit.rb',
    path: 'lib/octokit.rb',
    sha: 'fff6fe3a23bf1c8ea0692b4a883af99bee26fd3b',
    url: 'https://api.github.com/repos/octokit/octokit.rb/contents/lib/octokit.rb',
    git_url: 'https://api.github.com/repos/octokit/octokit.rb/git/blobs/fff6fe3a23bf1c8ea0692b4a883af99bee26fd3b',
    html_url: 'https://github.com/octokit/octokit.rb/blob/master/lib/octokit.rb',
    download_url: 'https://raw.githubusercontent.com/octokit/octokit.rb/master/lib/octokit.rb',
    _links: { self: 'https://api.github.com/…', git: 'https://api.github.com/…', html: 'https://github.com/…' },
  },
  {
    type: 'dir',
    size: 0,
    name: 'octokit',
    path: 'lib/octokit',
    sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
    url: 'https://api.github.com/repos/octokit/octokit.rb/contents/lib/octokit',
    git_url: 'https://api.github.com/repos/octokit/octokit.rb/git/trees/a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
    html_url: 'https://github.com/octokit/octokit.rb/tree/master/lib/octokit',
    download_url: null,
    _links: { self: 'https://api.github.com/…', git: 'https://api.github.com/…', html: 'https://github.com/…' },
  },
];

/** A Link header as GitHub builds it, against the fake upstream's origin. */
export function link(url: string, path: string, next: number, last: number): string {
  return `<${url}${path}?per_page=2&page=${next}>; rel="next", <${url}${path}?per_page=2&page=${last}>; rel="last"`;
}
