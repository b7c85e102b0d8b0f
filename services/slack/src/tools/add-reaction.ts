import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { okPayload } from '../models.js';
import { channelField, tsField } from '../outputs.js';

export const addReaction = defineTool({
  name: 'add_reaction',
  title: 'React to a message',
  description:
    'Adds an emoji reaction as the bot (reactions.add, Tier 3; needs reactions:write). name is the emoji name without colons, e.g. "thumbsup" or "white_check_mark". Adding a reaction that is already there succeeds with already_reacted.',
  input: z.object({
    channel: channelField,
    timestamp: tsField.describe('Timestamp (ts) of the message'),
    name: z
      .string()
      .min(1)
      .max(100)
      .transform((n) => n.replace(/^:|:$/g, ''))
      .describe('Emoji name, e.g. thumbsup'),
  }),
  output: z.object({ ok: z.boolean(), already_reacted: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) => (o.already_reacted ? 'The reaction was already there.' : 'Reaction added.'),
  handler: async ({ channel, timestamp, name }, { client, signal }: ToolContext<SlackClient>) => {
    try {
      await client.call('reactions.add', { channel, timestamp, name }, { schema: okPayload, signal, write: true });
      return { ok: true, already_reacted: false };
    } catch (error) {
      if (isToolError(error) && error.details?.error === 'already_reacted') return { ok: true, already_reacted: true };
      throw error;
    }
  },
});
