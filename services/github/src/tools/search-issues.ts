import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { searchIssuesPayload } from '../models.js';
import { issueSummary, toIssueSummary } from '../outputs.js';
import { nextPageField, pageField, perPageField, READ, UNTRUSTED } from './common.js';

/** GitHub search never returns more than the first 1,000 results of a query. */
export const SEARCH_RESULT_CAP = 1000;

export const searchIssues = defineTool({
  name: 'search_issues',
  title: 'Search issues and pull requests',
  description: `Searches issues and pull requests with GitHub's query syntax (GET /search/issues), e.g. "repo:octocat/Hello-World is:pr is:open label:bug" or "org:acme is:issue author:alice created:>2025-01-01". Search allows 30 requests/min and returns at most the first 1,000 results of a query: narrow q (repo:, created:, label:) rather than paging deep. Bodies are not included: use get_issue or get_pull_request. ${UNTRUSTED}`,
  input: z.object({
    q: z.string().min(1).max(256).describe('Search keywords and qualifiers (at most 256 characters, 5 AND/OR/NOT operators)'),
    sort: z.enum(['comments', 'reactions', 'interactions', 'created', 'updated']).optional().describe('Default: best match'),
    order: z.enum(['asc', 'desc']).optional(),
    per_page: perPageField,
    page: pageField,
    advanced_search: z.boolean().optional().describe('Use advanced issue search (AND/OR with parentheses)'),
  }),
  output: z.object({
    total_count: z.number(),
    incomplete_results: z.boolean().describe('true when the search timed out upstream and results may be missing'),
    items: z.array(issueSummary),
    page: z.number(),
    nextPage: nextPageField,
    note: z.string().optional(),
  }),
  annotations: READ,
  render: (o) =>
    `${o.total_count} matches${o.incomplete_results ? ' (incomplete)' : ''}; page ${o.page}${o.nextPage ? `, next ${o.nextPage}` : ''}${o.note ? ` — ${o.note}` : ''}\n${o.items.map((i) => `- ${i.repository ?? ''}#${i.number} [${i.is_pull_request ? 'PR' : 'issue'} ${i.state}] ${i.title}`).join('\n')}`,
  handler: async ({ q, sort, order, per_page, page, advanced_search }, { client, signal }: ToolContext<GithubClient>) => {
    if ((page - 1) * per_page >= SEARCH_RESULT_CAP) {
      throw new InvalidInputError(`GitHub search returns only the first ${SEARCH_RESULT_CAP} results; page ${page} of ${per_page} starts beyond them.`, {
        hint: 'Narrow q (repo:, label:, created:<date>..<date>) or change sort instead of paging further.',
      });
    }
    const res = await client.call('GET /search/issues', searchIssuesPayload, signal, (request) =>
      client.octokit.rest.search.issuesAndPullRequests({
        q,
        sort,
        order,
        per_page,
        page,
        ...(advanced_search === undefined ? {} : { advanced_search: String(advanced_search) }),
        request,
      }),
    );
    const { total_count, incomplete_results, items } = res.data;
    const reachable = page * per_page < SEARCH_RESULT_CAP;
    const note =
      total_count > SEARCH_RESULT_CAP
        ? `${total_count} matches, but search serves only the first ${SEARCH_RESULT_CAP}: narrow the query to see the rest.`
        : undefined;
    return { total_count, incomplete_results, items: items.map(toIssueSummary), page, nextPage: reachable ? res.nextPage : undefined, note };
  },
});
