import { defineTool, NotFoundError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { memoryIdSchema, memorySchema } from '../models.js';
import { READ } from './shared.js';

export const memoryGet = defineTool({
  name: 'memory_get',
  title: 'Get a memory',
  description:
    'Fetches one memory by id (from memory_search, memory_list or memory_store). Expired and soft-deleted memories are hidden unless include_inactive is true. Counts as an access (access_count, last_accessed_at).',
  input: z.object({
    id: memoryIdSchema,
    include_inactive: z.boolean().default(false).describe('Also return an expired or soft-deleted memory'),
  }),
  output: z.object({ memory: memorySchema }),
  annotations: READ,
  render: (o) => `Memory ${o.memory.id} (${o.memory.kind}, ${o.memory.namespace}):\n${o.memory.content}`,
  handler: async (args, { client }: ToolContext<AiMemoryClient>) => {
    const memory = await client.store.getMemory(args.id, { includeInactive: args.include_inactive, touch: true, now: client.now().toISOString() });
    if (!memory) {
      throw new NotFoundError(`No ${args.include_inactive ? '' : 'active '}memory has id ${args.id}.`, {
        hint: args.include_inactive
          ? 'It may have been purged. Find memories with memory_search or memory_list.'
          : 'It may be expired or deleted: retry with include_inactive: true.',
      });
    }
    return { memory };
  },
});
