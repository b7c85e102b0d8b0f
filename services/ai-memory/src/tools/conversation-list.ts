import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { conversationSchema } from '../models.js';
import { namespaceInput, READ } from './shared.js';

/** Opaque keyset cursor: the (updated_at, id) of the last conversation of a page. */
function encodeCursor(c: { updated_at: string; id: string }): string {
  return Buffer.from(JSON.stringify([c.updated_at, c.id])).toString('base64url');
}

function decodeCursor(cursor: string): { updated_at: string; id: string } {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof updatedAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(updatedAt))) return { updated_at: updatedAt, id };
  } catch {
    // fall through
  }
  throw new InvalidInputError('cursor is not a next_cursor from conversation_list.', {
    hint: 'Pass next_cursor exactly as returned, or omit it to start over.',
  });
}

export const conversationList = defineTool({
  name: 'conversation_list',
  title: 'List conversations',
  description: 'Lists the conversations of a namespace, most recently updated first, with message counts. Paged: pass next_cursor back as cursor.',
  input: z.object({
    namespace: namespaceInput,
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  }),
  output: z.object({ namespace: z.string(), conversations: z.array(conversationSchema), next_cursor: z.string().nullable() }),
  annotations: READ,
  render: (o) =>
    o.conversations.length === 0
      ? `No conversations in ${o.namespace}.`
      : o.conversations.map((c) => `- ${c.id} ${c.title ? `"${c.title}" ` : ''}(${c.message_count} messages, updated ${c.updated_at})`).join('\n') +
        (o.next_cursor ? `\nMore: cursor ${o.next_cursor}` : ''),
  handler: async (args, { client }: ToolContext<AiMemoryClient>) => {
    const namespace = args.namespace ?? client.defaultNamespace;
    const rows = await client.store.listConversations({ namespace, limit: args.limit + 1, before: args.cursor ? decodeCursor(args.cursor) : undefined });
    const conversations = rows.slice(0, args.limit);
    return { namespace, conversations, next_cursor: rows.length > args.limit ? encodeCursor(conversations[conversations.length - 1]!) : null };
  },
});
