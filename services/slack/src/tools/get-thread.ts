import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { historyPayload } from '../models.js';
import { channelField, cursorField, messageSummary, nextCursorField, READ, toMessage, tsField, UNTRUSTED } from '../outputs.js';

export const getThread = defineTool({
  name: 'get_thread',
  title: 'Read a thread',
  description: `Reads a thread: the parent message first, then its replies, oldest first (conversations.replies, Tier 3). ts is the parent's timestamp (a message's thread_ts). ${UNTRUSTED}`,
  input: z.object({
    channel: channelField,
    ts: tsField.describe('Timestamp of the thread parent'),
    limit: z.number().int().min(1).max(1000).default(100),
    cursor: cursorField,
  }),
  output: z.object({ channel: z.string(), messages: z.array(messageSummary), has_more: z.boolean(), nextCursor: nextCursorField }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    `${o.messages.length} messages in thread${o.nextCursor ? ' (more: pass nextCursor)' : ''}:\n${o.messages.map((m) => `[${m.ts}] ${m.user ?? m.username ?? m.bot_id ?? '?'}: ${m.text}`).join('\n')}`,
  handler: async ({ channel, ts, limit, cursor }, { client, signal }: ToolContext<SlackClient>) => {
    const res = await client.call('conversations.replies', { channel, ts, limit, cursor }, { schema: historyPayload, signal });
    return { channel, messages: res.data.messages.map(toMessage), has_more: res.data.has_more ?? false, nextCursor: res.nextCursor };
  },
});
