import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { workflowRunsPayload } from '../models.js';
import { toWorkflowRun, workflowRun } from '../outputs.js';
import { nextPageField, ownerField, pageField, perPageField, READ, repoField } from './common.js';

const STATUSES = [
  'completed',
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'skipped',
  'stale',
  'success',
  'timed_out',
  'in_progress',
  'queued',
  'requested',
  'waiting',
  'pending',
] as const;

export const listWorkflowRuns = defineTool({
  name: 'list_workflow_runs',
  title: 'List GitHub Actions workflow runs',
  description:
    'Lists GitHub Actions workflow runs of a repository, newest first (GET /repos/{owner}/{repo}/actions/runs): CI status per branch, commit or event. status filters by status or conclusion (e.g. failure, in_progress). GitHub returns at most 1,000 runs per filtered query.',
  input: z.object({
    owner: ownerField,
    repo: repoField,
    branch: z.string().max(255).optional(),
    status: z.enum(STATUSES).optional(),
    event: z.string().max(64).optional().describe('Triggering event, e.g. push, pull_request, schedule'),
    actor: z.string().max(39).optional().describe('Login of the user who triggered the run'),
    head_sha: z.string().max(64).optional(),
    per_page: perPageField,
    page: pageField,
  }),
  output: z.object({ total_count: z.number(), runs: z.array(workflowRun), page: z.number(), nextPage: nextPageField }),
  annotations: READ,
  render: (o) =>
    `${o.total_count} runs (page ${o.page}${o.nextPage ? `, next ${o.nextPage}` : ''}):\n${o.runs.map((r) => `- ${r.name ?? r.workflow_id} #${r.run_number} on ${r.head_branch ?? '?'}: ${r.status}${r.conclusion ? `/${r.conclusion}` : ''} (${r.event}, ${r.created_at})`).join('\n')}`,
  handler: async (
    { owner: ownerArg, repo: repoArg, branch, status, event, actor, head_sha, per_page, page },
    { client, signal }: ToolContext<GithubClient>,
  ) => {
    const { owner, repo } = client.repoRef(ownerArg, repoArg);
    const res = await client.call(`GET /repos/${owner}/${repo}/actions/runs`, workflowRunsPayload, signal, (request) =>
      client.octokit.rest.actions.listWorkflowRunsForRepo({ owner, repo, branch, status, event, actor, head_sha, per_page, page, request }),
    );
    return { total_count: res.data.total_count, runs: res.data.workflow_runs.map(toWorkflowRun), page, nextPage: res.nextPage };
  },
});
