import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { pullListPayload } from '../models.js';
import { pullSummary, toPullSummary } from '../outputs.js';
import { nextPageField, ownerField, pageField, perPageField, READ, repoField, UNTRUSTED } from './common.js';

export const listPullRequests = defineTool({
  name: 'list_pull_requests',
  title: 'List pull requests',
  description: `Lists pull requests of a repository (GET /repos/{owner}/{repo}/pulls), open by default, newest first. One page at a time: pass nextPage back as page. ${UNTRUSTED}`,
  input: z.object({
    owner: ownerField,
    repo: repoField,
    state: z.enum(['open', 'closed', 'all']).default('open'),
    head: z.string().max(255).optional().describe('Filter by head "user:ref-name"'),
    base: z.string().max(255).optional().describe('Filter by base branch name'),
    sort: z.enum(['created', 'updated', 'popularity', 'long-running']).optional(),
    direction: z.enum(['asc', 'desc']).optional(),
    per_page: perPageField,
    page: pageField,
  }),
  output: z.object({ pull_requests: z.array(pullSummary), page: z.number(), nextPage: nextPageField }),
  annotations: READ,
  render: (o) =>
    `${o.pull_requests.length} pull requests (page ${o.page}${o.nextPage ? `, next ${o.nextPage}` : ', last'}):\n${o.pull_requests.map((p) => `- #${p.number} [${p.state}${p.draft ? ', draft' : ''}] ${p.title} (${p.head.ref} → ${p.base.ref})`).join('\n')}`,
  handler: async ({ owner: ownerArg, repo: repoArg, state, head, base, sort, direction, per_page, page }, { client, signal }: ToolContext<GithubClient>) => {
    const { owner, repo } = client.repoRef(ownerArg, repoArg);
    const res = await client.call(`GET /repos/${owner}/${repo}/pulls`, pullListPayload, signal, (request) =>
      client.octokit.rest.pulls.list({ owner, repo, state, head, base, sort, direction, per_page, page, request }),
    );
    return { pull_requests: res.data.map(toPullSummary), page, nextPage: res.nextPage };
  },
});
