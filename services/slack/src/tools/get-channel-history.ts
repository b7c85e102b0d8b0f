import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { historyPayload } from '../models.js';
import { cursorField, messageSummary, nextCursorField, READ, toMessage, tsField, UNTRUSTED } from '../outputs.js';

export const getChannelHistory = defineTool({
  name: 'get_channel_history',
  title: 'Read recent messages of a channel',
  description: `Reads messages of a conversation, newest first (conversations.history, Tier 3), optionally between oldest and latest (Slack timestamps). Thread replies are not included: use get_thread on messages with reply_count. The bot must be a member of the channel. Commercially distributed non-Marketplace apps are limited to 1 call per minute and 15 messages per call since 2025-05-29. ${UNTRUSTED}`,
  input: z.object({
    channel: z.string().min(1).max(80).optional().describe('Channel ID (C…, G…, D…); defaults to SLACK_DEFAULT_CHANNEL'),
    oldest: tsField.optional().describe('Only messages after this timestamp'),
    latest: tsField.optional().describe('Only messages before this timestamp'),
    inclusive: z.boolean().optional().describe('Include messages exactly at oldest/latest'),
    limit: z.number().int().min(1).max(999).default(50),
    cursor: cursorField,
  }),
  output: z.object({ channel: z.string(), messages: z.array(messageSummary), has_more: z.boolean(), nextCursor: nextCursorField }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    `${o.messages.length} messages in ${o.channel}${o.nextCursor ? ' (more: pass nextCursor)' : ''}:\n${o.messages.map((m) => `[${m.ts}] ${m.user ?? m.username ?? m.bot_id ?? '?'}: ${m.text}${m.reply_count ? ` (${m.reply_count} replies)` : ''}`).join('\n')}`,
  handler: async ({ channel: channelArg, oldest, latest, inclusive, limit, cursor }, { client, signal }: ToolContext<SlackClient>) => {
    const channel = client.channel(channelArg);
    const res = await client.call('conversations.history', { channel, oldest, latest, inclusive, limit, cursor }, { schema: historyPayload, signal });
    return { channel, messages: res.data.messages.map(toMessage), has_more: res.data.has_more ?? false, nextCursor: res.nextCursor };
  },
});
