import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { commentPayload } from '../models.js';
import { numberField, ownerField, repoField } from './common.js';

export const addComment = defineTool({
  name: 'add_comment',
  title: 'Comment on an issue or pull request',
  description:
    'Adds a comment to an issue or a pull request conversation (POST /repos/{owner}/{repo}/issues/{number}/comments; pull requests share the issue numbering). Needs the classic scope "repo" (or "public_repo") or the fine-grained permission issues=write / pull_requests=write. Not idempotent: calling twice posts twice.',
  input: z.object({
    owner: ownerField,
    repo: repoField,
    number: numberField('Issue or pull request number'),
    body: z.string().min(1).max(65_536).describe('Markdown'),
  }),
  output: z.object({ id: z.number(), html_url: z.string(), created_at: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  render: (o) => `Commented: ${o.html_url}`,
  handler: async ({ owner: ownerArg, repo: repoArg, number, body }, { client, signal }: ToolContext<GithubClient>) => {
    const { owner, repo } = client.repoRef(ownerArg, repoArg);
    const res = await client.call(`POST /repos/${owner}/${repo}/issues/${number}/comments`, commentPayload, signal, (request) =>
      client.octokit.rest.issues.createComment({ owner, repo, issue_number: number, body, request }),
    );
    return { id: res.data.id, html_url: res.data.html_url, created_at: res.data.created_at };
  },
});
