import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { commentListPayload, issuePayload } from '../models.js';
import { commentSummary, issueDetail, toComment, toIssueDetail } from '../outputs.js';
import { nextPageField, numberField, ownerField, READ, repoField, UNTRUSTED } from './common.js';

export const getIssue = defineTool({
  name: 'get_issue',
  title: 'Get an issue and its comments',
  description: `Reads an issue or pull request conversation (GET /repos/{owner}/{repo}/issues/{number}) with one page of its comments, oldest first (…/issues/{number}/comments). ${UNTRUSTED}`,
  input: z.object({
    owner: ownerField,
    repo: repoField,
    number: numberField('Issue or pull request number'),
    comments_per_page: z.number().int().min(0).max(100).default(30).describe('Comments per page; 0 skips them'),
    comments_page: z.number().int().min(1).default(1),
  }),
  output: z.object({ issue: issueDetail, comments: z.array(commentSummary), comments_page: z.number(), comments_next_page: nextPageField }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    `#${o.issue.number} ${o.issue.title} [${o.issue.state}] by ${o.issue.user ?? 'ghost'}\n\n${o.issue.body ?? ''}\n\n${o.comments.map((c) => `--- ${c.user ?? 'ghost'} at ${c.created_at}:\n${c.body}`).join('\n')}${o.comments_next_page ? `\n(more comments: comments_page=${o.comments_next_page})` : ''}`,
  handler: async ({ owner: ownerArg, repo: repoArg, number, comments_per_page, comments_page }, { client, signal }: ToolContext<GithubClient>) => {
    const { owner, repo } = client.repoRef(ownerArg, repoArg);
    const issues = client.octokit.rest.issues;
    const path = `/repos/${owner}/${repo}/issues/${number}`;
    const [issue, comments] = await Promise.all([
      client.call(`GET ${path}`, issuePayload, signal, (request) => issues.get({ owner, repo, issue_number: number, request })),
      comments_per_page === 0
        ? undefined
        : client.call(`GET ${path}/comments`, commentListPayload, signal, (request) =>
            issues.listComments({ owner, repo, issue_number: number, per_page: comments_per_page, page: comments_page, request }),
          ),
    ]);
    return {
      issue: toIssueDetail(issue.data),
      comments: (comments?.data ?? []).map(toComment),
      comments_page,
      comments_next_page: comments?.nextPage,
    };
  },
});
