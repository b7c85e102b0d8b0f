import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { repoListPayload } from '../models.js';
import { repoSummary, toRepoSummary } from '../outputs.js';
import { nextPageField, pageField, perPageField, READ, UNTRUSTED } from './common.js';

export const listRepos = defineTool({
  name: 'list_repos',
  title: 'List repositories',
  description: `Lists repositories of an organisation (org), of a user (user), or, with neither, those the token's own user can access (GET /user/repos). One page at a time: pass nextPage back as page to continue. ${UNTRUSTED}`,
  input: z.object({
    org: z.string().min(1).max(39).optional().describe('Organisation login: GET /orgs/{org}/repos'),
    user: z.string().min(1).max(39).optional().describe('User login: GET /users/{user}/repos (public repositories)'),
    type: z
      .enum(['all', 'owner', 'public', 'private', 'member', 'forks', 'sources'])
      .optional()
      .describe('org: all|public|private|forks|sources|member; user: all|owner|member; own: all|owner|public|private|member'),
    visibility: z.enum(['all', 'public', 'private']).optional().describe('Own repositories only; cannot be combined with type'),
    sort: z.enum(['created', 'updated', 'pushed', 'full_name']).optional(),
    direction: z.enum(['asc', 'desc']).optional(),
    per_page: perPageField,
    page: pageField,
  }),
  output: z.object({ source: z.enum(['org', 'user', 'own']), repos: z.array(repoSummary), page: z.number(), nextPage: nextPageField }),
  annotations: READ,
  render: (o) =>
    `${o.repos.length} repositories (page ${o.page}${o.nextPage ? `, next ${o.nextPage}` : ', last'}):\n${o.repos.map((r) => `- ${r.full_name}${r.private ? ' (private)' : ''}${r.description ? `: ${r.description}` : ''}`).join('\n')}`,
  handler: async ({ org, user, type, visibility, sort, direction, per_page, page }, { client, signal }: ToolContext<GithubClient>) => {
    if (org && user) throw new InvalidInputError('Pass org or user, not both.');
    if (type && visibility) throw new InvalidInputError('GitHub rejects type together with visibility: pass one of them.');
    const common = { sort, direction, per_page, page };
    const octokit = client.octokit.rest.repos;
    const res = org
      ? await client.call(`GET /orgs/${org}/repos`, repoListPayload, signal, (request) =>
          octokit.listForOrg({ org, type: type as 'all' | 'public' | 'private' | 'forks' | 'sources' | 'member' | undefined, ...common, request }),
        )
      : user
        ? await client.call(`GET /users/${user}/repos`, repoListPayload, signal, (request) =>
            octokit.listForUser({ username: user, type: type as 'all' | 'owner' | 'member' | undefined, ...common, request }),
          )
        : await client.call('GET /user/repos', repoListPayload, signal, (request) =>
            octokit.listForAuthenticatedUser({ visibility, type: type as 'all' | 'owner' | 'public' | 'private' | 'member' | undefined, ...common, request }),
          );
    return { source: org ? ('org' as const) : user ? ('user' as const) : ('own' as const), repos: res.data.map(toRepoSummary), page, nextPage: res.nextPage };
  },
});
