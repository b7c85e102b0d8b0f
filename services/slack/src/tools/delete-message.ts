import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { deleteMessagePayload } from '../models.js';
import { channelField, tsField } from '../outputs.js';

export const deleteMessage = defineTool({
  name: 'delete_message',
  title: 'Delete a message',
  description:
    'Deletes a message (chat.delete, Tier 3). Irreversible, so it needs approval through the gateway. A bot token can delete only messages the bot posted (cant_delete_message otherwise).',
  input: z.object({
    channel: channelField,
    ts: tsField.describe('Timestamp of the message to delete'),
  }),
  output: z.object({ channel: z.string(), ts: z.string(), deleted: z.literal(true) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  render: (o) => `Deleted ${o.ts} in ${o.channel}.`,
  handler: async ({ channel, ts }, { client, signal }: ToolContext<SlackClient>) => {
    const res = await client.call('chat.delete', { channel, ts }, { schema: deleteMessagePayload, signal, write: true });
    return { channel: res.data.channel, ts: res.data.ts, deleted: true as const };
  },
});
