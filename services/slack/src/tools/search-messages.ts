import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { searchPayload } from '../models.js';
import { messageSummary, READ, toMessage, UNTRUSTED } from '../outputs.js';

export const searchMessages = defineTool({
  name: 'search_messages',
  title: 'Search messages',
  description: `Searches the workspace's messages with Slack's search syntax (search.messages, Tier 2), e.g. "deploy failed in:#ops from:@alice after:2025-01-01". Needs SLACK_USER_TOKEN (a user token with search:read; bot tokens cannot search) and sees what that user can see. Pages are numbered (page ≤ 100). ${UNTRUSTED}`,
  input: z.object({
    query: z.string().min(1).max(500),
    count: z.number().int().min(1).max(100).default(20).describe('Results per page'),
    page: z.number().int().min(1).max(100).default(1),
    sort: z.enum(['score', 'timestamp']).default('score'),
    sort_dir: z.enum(['asc', 'desc']).default('desc'),
  }),
  output: z.object({
    total: z.number(),
    page: z.number(),
    pages: z.number(),
    matches: z.array(
      messageSummary.extend({ channel: z.object({ id: z.string(), name: z.string().optional() }).optional(), permalink: z.string().optional() }),
    ),
  }),
  annotations: READ,
  render: (o) =>
    `${o.total} matches, page ${o.page}/${o.pages}:\n${o.matches.map((m) => `- ${m.channel?.name ? `#${m.channel.name}` : (m.channel?.id ?? '')} [${m.ts}] ${m.username ?? m.user ?? '?'}: ${m.text}`).join('\n')}`,
  handler: async ({ query, count, page, sort, sort_dir }, { client, signal }: ToolContext<SlackClient>) => {
    const res = await client.call('search.messages', { query, count, page, sort, sort_dir }, { schema: searchPayload, signal, token: 'user' });
    const { messages } = res.data;
    return {
      total: messages.total,
      page: messages.paging?.page ?? page,
      pages: messages.paging?.pages ?? 1,
      matches: messages.matches.map((m) => ({
        ...toMessage(m),
        ...(m.channel && { channel: { id: m.channel.id, name: m.channel.name } }),
        permalink: m.permalink,
      })),
    };
  },
});
