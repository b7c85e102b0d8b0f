import { defineTool, NotFoundError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { memoryIdSchema, memorySchema } from '../models.js';
import { WRITE } from './shared.js';

export const memoryRestore = defineTool({
  name: 'memory_restore',
  title: 'Restore a deleted memory',
  description:
    'Undoes memory_delete for one memory (clears deleted_at). Purged memories are gone for good. An expired memory stays expired: give it a new ttl_days with memory_update after restoring.',
  input: z.object({ id: memoryIdSchema }),
  output: z.object({ memory: memorySchema }),
  annotations: WRITE,
  render: (o) => `Restored memory ${o.memory.id}.`,
  handler: async (args, { client }: ToolContext<AiMemoryClient>) => {
    const memory = await client.store.restoreMemory(args.id, client.now().toISOString());
    if (!memory) throw new NotFoundError(`No memory has id ${args.id}.`, { hint: 'It may have been purged (memory_purge), which cannot be undone.' });
    return { memory };
  },
});
