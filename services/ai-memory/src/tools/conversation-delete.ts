import { defineTool, NotFoundError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { conversationIdSchema } from './conversation-append.js';
import { DESTRUCTIVE } from './shared.js';

export const conversationDelete = defineTool({
  name: 'conversation_delete',
  title: 'Delete a conversation',
  description:
    'Permanently deletes a conversation and all its messages. Memories that cite one of its messages keep their content (their source_message_id becomes null). Irreversible.',
  input: z.object({ conversation_id: conversationIdSchema }),
  output: z.object({ conversation_id: z.string(), messages_deleted: z.number().int() }),
  annotations: DESTRUCTIVE,
  render: (o) => `Deleted conversation ${o.conversation_id} and its ${o.messages_deleted} message(s).`,
  handler: async (args, { client }: ToolContext<AiMemoryClient>) => {
    const count = await client.store.deleteConversation(args.conversation_id);
    if (count === undefined)
      throw new NotFoundError(`No conversation has id ${args.conversation_id}.`, { hint: 'It may be deleted already; conversation_list shows what exists.' });
    return { conversation_id: args.conversation_id, messages_deleted: count };
  },
});
