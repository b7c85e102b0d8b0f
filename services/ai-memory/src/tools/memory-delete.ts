import { defineTool, InvalidInputError, NotFoundError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { normalizeTags, parseInstant } from '../content.js';
import { memoryIdSchema, memoryKindSchema, namespaceSchema } from '../models.js';
import type { MemorySelector } from '../store/types.js';
import { DESTRUCTIVE, tagsInput } from './shared.js';

const MAX_IDS = 100;

export const memoryDelete = defineTool({
  name: 'memory_delete',
  title: 'Delete memories (soft)',
  description:
    'Soft-deletes memories: they stop being returned but stay restorable (memory_restore) until purged (memory_purge). Either one memory by id, or every memory of a namespace matching kind / tags / created_before (all: true to delete a whole namespace). dry_run: true reports what would be deleted without changing anything.',
  input: z.object({
    id: memoryIdSchema.optional().describe('One memory'),
    namespace: namespaceSchema.optional().describe('With filters: every matching memory of this namespace'),
    kind: memoryKindSchema.optional(),
    tags: tagsInput.optional().describe('Memories carrying every one of these tags'),
    created_before: z.string().optional().describe('ISO 8601 date/time, or an age such as 30d'),
    all: z.boolean().default(false).describe('Required to delete a whole namespace without filters'),
    dry_run: z.boolean().default(false),
  }),
  output: z.object({
    deleted: z.number().int().describe('Memories soft-deleted (or that would be, with dry_run)'),
    ids: z.array(z.string()).describe(`Their ids (the first ${MAX_IDS})`),
    dry_run: z.boolean(),
  }),
  annotations: DESTRUCTIVE,
  render: (o) => `${o.dry_run ? 'Would soft-delete' : 'Soft-deleted'} ${o.deleted} memor${o.deleted === 1 ? 'y' : 'ies'}.`,
  handler: async (args, { client }: ToolContext<AiMemoryClient>) => {
    const now = client.now();
    const filtered = args.kind !== undefined || (args.tags?.length ?? 0) > 0 || args.created_before !== undefined;
    let selector: MemorySelector;
    if (args.id) {
      if (args.namespace || filtered || args.all) throw new InvalidInputError('Pass either id, or namespace with filters — not both.');
      selector = { id: args.id };
    } else {
      if (!args.namespace)
        throw new InvalidInputError('Say what to delete: an id, or a namespace with filters.', {
          hint: 'e.g. { "id": "01J…" } or { "namespace": "user:42", "tags": ["draft"] }',
        });
      if (!filtered && !args.all) {
        throw new InvalidInputError(`That would delete every memory of ${args.namespace}.`, {
          hint: 'Add kind, tags or created_before, or pass all: true if that is intended.',
        });
      }
      selector = {
        namespace: args.namespace,
        kind: args.kind,
        tags: args.tags && normalizeTags(args.tags),
        created_before: args.created_before === undefined ? undefined : parseInstant(args.created_before, now, 'created_before'),
      };
    }
    const { count, ids } = await client.store.softDeleteMemories(selector, { dryRun: args.dry_run, now: now.toISOString() });
    if (args.id && count === 0) {
      throw new NotFoundError(`No memory with id ${args.id} is there to delete.`, {
        hint: 'It may not exist or be deleted already (memory_get with include_inactive: true tells).',
      });
    }
    return { deleted: count, ids: ids.slice(0, MAX_IDS), dry_run: args.dry_run };
  },
});
