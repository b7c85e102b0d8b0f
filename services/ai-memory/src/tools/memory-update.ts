import { defineTool, InvalidInputError, NotFoundError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { assertContentSize, assertNoSecrets, contentHash, expiryFrom, normalizeTags } from '../content.js';
import { memoryIdSchema, memoryKindSchema, memorySchema } from '../models.js';
import type { MemoryPatch } from '../store/types.js';
import { tagsInput, WRITE } from './shared.js';

export const memoryUpdate = defineTool({
  name: 'memory_update',
  title: 'Update a memory',
  description:
    'Edits an active memory: its content, kind, tags (replaced as a whole), importance or time to live (ttl_days counts from now; null removes the expiry). Only the fields given change. New content is checked for secrets, and refused when another memory of the namespace already holds it.',
  input: z.object({
    id: memoryIdSchema,
    content: z.string().min(1).optional(),
    kind: memoryKindSchema.optional(),
    tags: tagsInput.optional().describe('The new, complete tag list'),
    importance: z.number().min(0).max(1).optional(),
    ttl_days: z.number().positive().max(36_500).nullable().optional().describe('Days from now until expiry; null = never expire'),
  }),
  output: z.object({ memory: memorySchema }),
  annotations: WRITE,
  render: (o) => `Updated memory ${o.memory.id}.`,
  handler: async (args, { client }: ToolContext<AiMemoryClient>) => {
    const now = client.now();
    const patch: MemoryPatch = {};
    if (args.content !== undefined) {
      const content = args.content.trim();
      assertContentSize(content, client.maxContentChars);
      assertNoSecrets(content);
      patch.content = content;
      patch.content_hash = contentHash(content);
    }
    if (args.tags !== undefined) {
      assertNoSecrets(args.tags.join(' '), 'tags');
      patch.tags = normalizeTags(args.tags);
    }
    if (args.kind !== undefined) patch.kind = args.kind;
    if (args.importance !== undefined) patch.importance = args.importance;
    if (args.ttl_days !== undefined) patch.expires_at = expiryFrom(now, args.ttl_days);
    if (Object.keys(patch).length === 0) {
      throw new InvalidInputError('Nothing to update.', { hint: 'Pass at least one of content, kind, tags, importance or ttl_days.' });
    }
    const memory = await client.store.updateMemory(args.id, patch, now.toISOString());
    if (!memory) {
      throw new NotFoundError(`No active memory has id ${args.id}.`, {
        hint: 'Expired or deleted memories cannot be edited; restore a deleted one with memory_restore first.',
      });
    }
    return { memory };
  },
});
