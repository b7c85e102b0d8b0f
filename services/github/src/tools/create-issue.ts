import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { issuePayload } from '../models.js';
import { ownerField, repoField } from './common.js';

export const createIssue = defineTool({
  name: 'create_issue',
  title: 'Open an issue',
  description:
    'Opens an issue in a repository (POST /repos/{owner}/{repo}/issues). Labels and assignees are applied only when the token can push to the repository; otherwise GitHub silently drops them. Needs the classic scope "repo" (or "public_repo") or the fine-grained permission issues=write. Not idempotent: calling twice opens two issues.',
  input: z.object({
    owner: ownerField,
    repo: repoField,
    title: z.string().min(1).max(256),
    body: z.string().max(65_536).optional().describe('Markdown'),
    labels: z.array(z.string().min(1).max(50)).max(100).optional(),
    assignees: z.array(z.string().min(1).max(39)).max(10).optional(),
    milestone: z.number().int().positive().optional().describe('Milestone number'),
  }),
  output: z.object({ number: z.number(), title: z.string(), state: z.string(), html_url: z.string(), created_at: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  render: (o) => `Opened #${o.number}: ${o.html_url}`,
  handler: async ({ owner: ownerArg, repo: repoArg, title, body, labels, assignees, milestone }, { client, signal }: ToolContext<GithubClient>) => {
    const { owner, repo } = client.repoRef(ownerArg, repoArg);
    const res = await client.call(`POST /repos/${owner}/${repo}/issues`, issuePayload, signal, (request) =>
      client.octokit.rest.issues.create({ owner, repo, title, body, labels, assignees, milestone, request }),
    );
    const { number, state, html_url, created_at } = res.data;
    return { number, title: res.data.title, state, html_url, created_at };
  },
});
