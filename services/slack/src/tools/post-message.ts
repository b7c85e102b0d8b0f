import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { postMessagePayload } from '../models.js';
import { tsField } from '../outputs.js';

export const blocksField = z
  .array(z.looseObject({ type: z.string() }))
  .max(50)
  .optional()
  .describe('Block Kit blocks (at most 50); text is then the notification fallback');

export const postMessage = defineTool({
  name: 'post_message',
  title: 'Post a message',
  description:
    'Posts a message as the bot (chat.postMessage, about 1 message per second per channel), or a reply in a thread with thread_ts. channel is an ID or a #name (defaults to SLACK_DEFAULT_CHANNEL); the bot must be a member (chat:write) unless it has chat:write.public. Text uses Slack mrkdwn. Not idempotent: calling twice posts twice.',
  input: z.object({
    channel: z.string().min(1).max(80).optional().describe('Channel ID or #name; defaults to SLACK_DEFAULT_CHANNEL'),
    text: z.string().max(40_000).optional().describe('Message text (mrkdwn); required unless blocks are given'),
    blocks: blocksField,
    thread_ts: tsField.optional().describe('Reply in the thread of this message'),
    reply_broadcast: z.boolean().optional().describe('Also show a thread reply in the channel'),
    unfurl_links: z.boolean().optional(),
    unfurl_media: z.boolean().optional(),
  }),
  output: z.object({ channel: z.string(), ts: z.string(), thread_ts: z.string().optional(), warnings: z.array(z.string()).optional() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  render: (o) => `Posted to ${o.channel} at ts ${o.ts}${o.thread_ts ? ` in thread ${o.thread_ts}` : ''}.`,
  handler: async (
    { channel: channelArg, text, blocks, thread_ts, reply_broadcast, unfurl_links, unfurl_media },
    { client, signal }: ToolContext<SlackClient>,
  ) => {
    if (!text && !blocks?.length) throw new InvalidInputError('Pass text, blocks, or both.');
    const channel = client.channel(channelArg);
    const res = await client.call(
      'chat.postMessage',
      { channel, text, blocks, thread_ts, reply_broadcast, unfurl_links, unfurl_media },
      { schema: postMessagePayload, signal, write: true },
    );
    return { channel: res.data.channel, ts: res.data.ts, thread_ts, ...(res.warnings.length > 0 && { warnings: res.warnings }) };
  },
});
