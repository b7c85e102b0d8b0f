import * as z from 'zod';
import type { branchRef, commentPayload, issuePayload, label, pullPayload, repoPayload, workflowRunsPayload } from './models.js';

/**
 * What the tools return: compact projections of the GitHub payloads of
 * src/models.ts, with GitHub's field names so they match the API docs.
 */

export const repoSummary = z.object({
  full_name: z.string(),
  owner: z.string(),
  name: z.string(),
  private: z.boolean(),
  visibility: z.string().optional(),
  description: z.string().nullable(),
  fork: z.boolean().optional(),
  archived: z.boolean().optional(),
  default_branch: z.string().optional(),
  language: z.string().nullable(),
  stargazers_count: z.number().optional(),
  forks_count: z.number().optional(),
  open_issues_count: z.number().optional(),
  pushed_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  html_url: z.string(),
});

export function toRepoSummary(repo: z.infer<typeof repoPayload>): z.infer<typeof repoSummary> {
  return {
    full_name: repo.full_name,
    owner: repo.owner.login,
    name: repo.name,
    private: repo.private,
    visibility: repo.visibility,
    description: repo.description ?? null,
    fork: repo.fork,
    archived: repo.archived,
    default_branch: repo.default_branch,
    language: repo.language ?? null,
    stargazers_count: repo.stargazers_count,
    forks_count: repo.forks_count,
    open_issues_count: repo.open_issues_count,
    pushed_at: repo.pushed_at ?? null,
    updated_at: repo.updated_at ?? null,
    html_url: repo.html_url,
  };
}

function labelNames(labels: z.infer<typeof label>[] | undefined): string[] {
  return (labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((n) => n !== '');
}

/** `https://api.github.com/repos/octocat/Hello-World` → `octocat/Hello-World`. */
function repoFromUrl(url: string | undefined): string | undefined {
  const match = url ? /\/repos\/([^/]+\/[^/]+)$/.exec(url) : null;
  return match?.[1];
}

export const issueSummary = z.object({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  is_pull_request: z.boolean(),
  repository: z.string().optional().describe('owner/repo'),
  user: z.string().nullable(),
  labels: z.array(z.string()),
  comments: z.number().optional(),
  created_at: z.string(),
  updated_at: z.string().optional(),
  closed_at: z.string().nullable(),
  html_url: z.string(),
});

export function toIssueSummary(issue: z.infer<typeof issuePayload>): z.infer<typeof issueSummary> {
  return {
    number: issue.number,
    title: issue.title,
    state: issue.state,
    is_pull_request: issue.pull_request !== undefined,
    repository: repoFromUrl(issue.repository_url),
    user: issue.user?.login ?? null,
    labels: labelNames(issue.labels),
    comments: issue.comments,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at ?? null,
    html_url: issue.html_url,
  };
}

export const issueDetail = issueSummary.extend({
  state_reason: z.string().nullable(),
  assignees: z.array(z.string()),
  body: z.string().nullable().describe('Untrusted text written by a third party'),
});

export function toIssueDetail(issue: z.infer<typeof issuePayload>): z.infer<typeof issueDetail> {
  return {
    ...toIssueSummary(issue),
    state_reason: issue.state_reason ?? null,
    assignees: (issue.assignees ?? []).map((a) => a.login),
    body: issue.body ?? null,
  };
}

export const commentSummary = z.object({
  id: z.number(),
  user: z.string().nullable(),
  body: z.string().describe('Untrusted text written by a third party'),
  created_at: z.string(),
  updated_at: z.string().optional(),
  html_url: z.string(),
});

export function toComment(comment: z.infer<typeof commentPayload>): z.infer<typeof commentSummary> {
  return {
    id: comment.id,
    user: comment.user?.login ?? null,
    body: comment.body ?? '',
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    html_url: comment.html_url,
  };
}

export const pullSummary = z.object({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  draft: z.boolean().optional(),
  user: z.string().nullable(),
  labels: z.array(z.string()),
  head: z.object({ ref: z.string(), sha: z.string(), repo: z.string().nullable() }),
  base: z.object({ ref: z.string(), sha: z.string(), repo: z.string().nullable() }),
  created_at: z.string(),
  updated_at: z.string().optional(),
  closed_at: z.string().nullable(),
  merged_at: z.string().nullable(),
  html_url: z.string(),
});

const branch = (b: z.infer<typeof branchRef>) => ({ ref: b.ref, sha: b.sha, repo: b.repo?.full_name ?? null });

export function toPullSummary(pull: z.infer<typeof pullPayload>): z.infer<typeof pullSummary> {
  return {
    number: pull.number,
    title: pull.title,
    state: pull.state,
    draft: pull.draft,
    user: pull.user?.login ?? null,
    labels: labelNames(pull.labels),
    head: branch(pull.head),
    base: branch(pull.base),
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: pull.closed_at ?? null,
    merged_at: pull.merged_at ?? null,
    html_url: pull.html_url,
  };
}

export const pullDetail = pullSummary.extend({
  merged: z.boolean().optional(),
  mergeable: z.boolean().nullable().describe('null while GitHub is still computing it: call again shortly'),
  mergeable_state: z.string().optional(),
  requested_reviewers: z.array(z.string()),
  body: z.string().nullable().describe('Untrusted text written by a third party'),
  commits: z.number().optional(),
  additions: z.number().optional(),
  deletions: z.number().optional(),
  changed_files: z.number().optional(),
  comments: z.number().optional(),
  review_comments: z.number().optional(),
});

export function toPullDetail(pull: z.infer<typeof pullPayload>): z.infer<typeof pullDetail> {
  return {
    ...toPullSummary(pull),
    merged: pull.merged,
    mergeable: pull.mergeable ?? null,
    mergeable_state: pull.mergeable_state,
    requested_reviewers: (pull.requested_reviewers ?? []).map((r) => r.login),
    body: pull.body ?? null,
    commits: pull.commits,
    additions: pull.additions,
    deletions: pull.deletions,
    changed_files: pull.changed_files,
    comments: pull.comments,
    review_comments: pull.review_comments,
  };
}

export const pullFile = z.object({
  filename: z.string(),
  status: z.string(),
  additions: z.number(),
  deletions: z.number(),
  changes: z.number(),
  previous_filename: z.string().optional(),
  patch: z.string().optional().describe('Unified diff hunk; absent for binary or very large files'),
});

export const workflowRun = z.object({
  id: z.number(),
  name: z.string().nullable(),
  display_title: z.string().optional(),
  head_branch: z.string().nullable(),
  head_sha: z.string(),
  event: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  run_number: z.number(),
  run_attempt: z.number().optional(),
  workflow_id: z.number(),
  actor: z.string().nullable(),
  html_url: z.string(),
  created_at: z.string(),
  updated_at: z.string().optional(),
  run_started_at: z.string().optional(),
});

export function toWorkflowRun(run: z.infer<typeof workflowRunsPayload>['workflow_runs'][number]): z.infer<typeof workflowRun> {
  return {
    id: run.id,
    name: run.name ?? null,
    display_title: run.display_title,
    head_branch: run.head_branch ?? null,
    head_sha: run.head_sha,
    event: run.event,
    status: run.status ?? null,
    conclusion: run.conclusion ?? null,
    run_number: run.run_number,
    run_attempt: run.run_attempt,
    workflow_id: run.workflow_id,
    actor: run.actor?.login ?? null,
    html_url: run.html_url,
    created_at: run.created_at,
    updated_at: run.updated_at,
    run_started_at: run.run_started_at,
  };
}
