import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { updateMessagePayload } from '../models.js';
import { channelField, tsField } from '../outputs.js';
import { blocksField } from './post-message.js';

export const updateMessage = defineTool({
  name: 'update_message',
  title: 'Edit a message',
  description:
    'Replaces the text (and/or blocks) of a message the bot posted (chat.update, Tier 3). Bot tokens can edit only their own messages (cant_update_message otherwise).',
  input: z.object({
    channel: channelField,
    ts: tsField.describe('Timestamp of the message to edit'),
    text: z.string().max(40_000).optional(),
    blocks: blocksField,
  }),
  output: z.object({ channel: z.string(), ts: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) => `Edited ${o.ts} in ${o.channel}.`,
  handler: async ({ channel, ts, text, blocks }, { client, signal }: ToolContext<SlackClient>) => {
    if (!text && !blocks?.length) throw new InvalidInputError('Pass text, blocks, or both.');
    const res = await client.call('chat.update', { channel, ts, text, blocks }, { schema: updateMessagePayload, signal, write: true });
    return { channel: res.data.channel, ts: res.data.ts };
  },
});
