import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { mergePayload } from '../models.js';
import { numberField, ownerField, repoField } from './common.js';

export const mergePullRequest = defineTool({
  name: 'merge_pull_request',
  title: 'Merge a pull request',
  description:
    'Merges a pull request into its base branch (PUT /repos/{owner}/{repo}/pulls/{number}/merge). Irreversible on the base branch, so it needs approval through the gateway. Pass sha (the head commit you reviewed, from get_pull_request) so GitHub refuses if the branch moved. Fails with a conflict when the PR is not mergeable (conflicts, failing required checks, missing reviews). Needs the classic scope "repo" or the fine-grained permission contents=write.',
  input: z.object({
    owner: ownerField,
    repo: repoField,
    number: numberField('Pull request number'),
    merge_method: z.enum(['merge', 'squash', 'rebase']).default('merge'),
    sha: z
      .string()
      .regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/i, 'must be a full commit SHA')
      .optional()
      .describe('Head SHA the pull request must still have'),
    commit_title: z.string().max(256).optional(),
    commit_message: z.string().max(65_536).optional(),
  }),
  output: z.object({ merged: z.boolean(), sha: z.string(), message: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  render: (o) => (o.merged ? `Merged as ${o.sha}: ${o.message}` : `Not merged: ${o.message}`),
  handler: async (
    { owner: ownerArg, repo: repoArg, number, merge_method, sha, commit_title, commit_message },
    { client, signal }: ToolContext<GithubClient>,
  ) => {
    const { owner, repo } = client.repoRef(ownerArg, repoArg);
    const res = await client.call(`PUT /repos/${owner}/${repo}/pulls/${number}/merge`, mergePayload, signal, (request) =>
      client.octokit.rest.pulls.merge({ owner, repo, pull_number: number, merge_method, sha, commit_title, commit_message, request }),
    );
    return res.data;
  },
});
