import * as z from 'zod';

/**
 * Shapes of GitHub REST payloads (docs.github.com, @octokit/openapi-types),
 * parsed once at the client boundary: only the fields the tools use are
 * required; anything else is ignored. Everything in them — titles, bodies,
 * descriptions, file contents — is untrusted third-party text.
 */

const userRef = z.looseObject({ login: z.string() });
const nullableUser = userRef.nullable().optional();
export const label = z.union([z.string(), z.looseObject({ name: z.string().nullable().optional() })]);
const when = z.string().nullable().optional();

export const repoPayload = z.looseObject({
  name: z.string(),
  full_name: z.string(),
  owner: userRef,
  private: z.boolean(),
  visibility: z.string().optional(),
  description: z.string().nullable().optional(),
  fork: z.boolean().optional(),
  archived: z.boolean().optional(),
  default_branch: z.string().optional(),
  language: z.string().nullable().optional(),
  stargazers_count: z.number().optional(),
  forks_count: z.number().optional(),
  open_issues_count: z.number().optional(),
  pushed_at: when,
  updated_at: when,
  html_url: z.string(),
});
export const repoListPayload = z.array(repoPayload);

const contentEntry = z.looseObject({
  type: z.enum(['file', 'dir', 'symlink', 'submodule']),
  name: z.string(),
  path: z.string(),
  sha: z.string(),
  size: z.number(),
  html_url: z.string().nullable().optional(),
  download_url: z.string().nullable().optional(),
});
export const contentPayload = z.union([
  z.array(contentEntry),
  contentEntry.extend({
    encoding: z.string().optional(),
    content: z.string().optional(),
    target: z.string().optional(),
    submodule_git_url: z.string().optional(),
  }),
]);

export const issuePayload = z.looseObject({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  state_reason: z.string().nullable().optional(),
  user: nullableUser,
  labels: z.array(label).optional(),
  assignees: z.array(userRef).nullable().optional(),
  comments: z.number().optional(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
  repository_url: z.string().optional(),
  pull_request: z.looseObject({}).optional(),
  created_at: z.string(),
  updated_at: z.string().optional(),
  closed_at: when,
});

export const searchIssuesPayload = z.looseObject({
  total_count: z.number(),
  incomplete_results: z.boolean(),
  items: z.array(issuePayload),
});

export const commentPayload = z.looseObject({
  id: z.number(),
  user: nullableUser,
  body: z.string().optional(),
  html_url: z.string(),
  created_at: z.string(),
  updated_at: z.string().optional(),
});
export const commentListPayload = z.array(commentPayload);

export const branchRef = z.looseObject({
  ref: z.string(),
  sha: z.string(),
  repo: z.looseObject({ full_name: z.string() }).nullable().optional(),
});

export const pullPayload = z.looseObject({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  draft: z.boolean().optional(),
  merged: z.boolean().optional(),
  mergeable: z.boolean().nullable().optional(),
  mergeable_state: z.string().optional(),
  user: nullableUser,
  body: z.string().nullable().optional(),
  labels: z.array(label).optional(),
  requested_reviewers: z.array(userRef).nullable().optional(),
  head: branchRef,
  base: branchRef,
  html_url: z.string(),
  created_at: z.string(),
  updated_at: z.string().optional(),
  closed_at: when,
  merged_at: when,
  commits: z.number().optional(),
  additions: z.number().optional(),
  deletions: z.number().optional(),
  changed_files: z.number().optional(),
  comments: z.number().optional(),
  review_comments: z.number().optional(),
});
export const pullListPayload = z.array(pullPayload);

export const pullFilePayload = z.looseObject({
  filename: z.string(),
  status: z.string(),
  additions: z.number(),
  deletions: z.number(),
  changes: z.number(),
  previous_filename: z.string().optional(),
  patch: z.string().optional(),
});
export const pullFileListPayload = z.array(pullFilePayload);

export const mergePayload = z.looseObject({ sha: z.string(), merged: z.boolean(), message: z.string() });

export const workflowRunsPayload = z.looseObject({
  total_count: z.number(),
  workflow_runs: z.array(
    z.looseObject({
      id: z.number(),
      name: z.string().nullable().optional(),
      display_title: z.string().optional(),
      head_branch: z.string().nullable().optional(),
      head_sha: z.string(),
      event: z.string(),
      status: z.string().nullable().optional(),
      conclusion: z.string().nullable().optional(),
      run_number: z.number(),
      run_attempt: z.number().optional(),
      workflow_id: z.number(),
      actor: nullableUser,
      html_url: z.string(),
      created_at: z.string(),
      updated_at: z.string().optional(),
      run_started_at: z.string().optional(),
    }),
  ),
});

const rateResource = z.looseObject({ limit: z.number(), remaining: z.number(), reset: z.number(), used: z.number().optional() });
export const rateLimitPayload = z.looseObject({
  resources: z.looseObject({ core: rateResource, search: rateResource.optional(), graphql: rateResource.optional() }),
});
export const userPayload = z.looseObject({ login: z.string(), type: z.string().optional(), name: z.string().nullable().optional() });
export const installationReposPayload = z.looseObject({ total_count: z.number() });

/** The runtime's reading of rate-limit headers, as tools report it. */
export const rateLimitSchema = z.object({
  limit: z.number().optional(),
  remaining: z.number().optional(),
  used: z.number().optional(),
  resetAt: z.string().optional().describe('When the window resets, ISO 8601'),
  resource: z.string().optional(),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;
