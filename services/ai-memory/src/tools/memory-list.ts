import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { normalizeTags } from '../content.js';
import { memoryIdSchema, memoryKindSchema, memorySchema } from '../models.js';
import { line, namespaceInput, READ, tagsInput } from './shared.js';

export const memoryList = defineTool({
  name: 'memory_list',
  title: 'List memories',
  description:
    'Lists the memories of a namespace, newest first, optionally filtered by kind and tags (every tag must match). Paged: pass next_cursor back as cursor for the next page. Does not count as an access.',
  input: z.object({
    namespace: namespaceInput,
    kind: memoryKindSchema.optional(),
    tags: tagsInput.optional(),
    include_inactive: z.boolean().default(false).describe('Also list expired and soft-deleted memories'),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: memoryIdSchema.optional().describe('next_cursor of the previous page'),
  }),
  output: z.object({ namespace: z.string(), memories: z.array(memorySchema), next_cursor: z.string().nullable() }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    o.memories.length === 0
      ? `No memories in ${o.namespace}.`
      : `${o.memories.length} memories in ${o.namespace}:\n${o.memories.map((m) => line(m)).join('\n')}${o.next_cursor ? `\nMore: cursor ${o.next_cursor}` : ''}`,
  handler: async (args, { client }: ToolContext<AiMemoryClient>) => {
    const namespace = args.namespace ?? client.defaultNamespace;
    const rows = await client.store.listMemories(
      {
        namespace,
        kind: args.kind,
        tags: args.tags && normalizeTags(args.tags),
        includeInactive: args.include_inactive,
        limit: args.limit + 1,
        before: args.cursor,
      },
      client.now().toISOString(),
    );
    const memories = rows.slice(0, args.limit);
    return { namespace, memories, next_cursor: rows.length > args.limit ? memories[memories.length - 1]!.id : null };
  },
});
