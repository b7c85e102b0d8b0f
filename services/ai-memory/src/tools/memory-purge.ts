import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { parseInstant } from '../content.js';
import { namespaceSchema } from '../models.js';
import { DESTRUCTIVE } from './shared.js';

export const memoryPurge = defineTool({
  name: 'memory_purge',
  title: 'Purge memories (hard delete)',
  description:
    'Permanently deletes memories of a namespace: every expired one, every soft-deleted one (unless include_soft_deleted: false) and, only with include_active: true and older_than, active memories not updated since then. older_than limits every class to memories last updated before it. Irreversible; dry_run: true only counts.',
  input: z.object({
    namespace: namespaceSchema,
    older_than: z.string().optional().describe('ISO 8601 date/time, or an age such as 90d: only memories last updated before it'),
    include_soft_deleted: z.boolean().default(true),
    include_active: z.boolean().default(false).describe('Also active memories (needs older_than)'),
    dry_run: z.boolean().default(false),
  }),
  output: z.object({
    purged: z.number().int(),
    by_class: z.object({ expired: z.number().int(), soft_deleted: z.number().int(), active: z.number().int() }),
    dry_run: z.boolean(),
  }),
  annotations: DESTRUCTIVE,
  render: (o) =>
    `${o.dry_run ? 'Would purge' : 'Purged'} ${o.purged} memor${o.purged === 1 ? 'y' : 'ies'} (expired ${o.by_class.expired}, soft-deleted ${o.by_class.soft_deleted}, active ${o.by_class.active}).`,
  handler: async (args, { client }: ToolContext<AiMemoryClient>) => {
    const now = client.now();
    if (args.include_active && args.older_than === undefined) {
      throw new InvalidInputError('include_active needs older_than.', { hint: 'Say how old an active memory must be to go, e.g. older_than: "180d".' });
    }
    const counts = await client.store.purgeMemories({
      namespace: args.namespace,
      olderThan: args.older_than === undefined ? undefined : parseInstant(args.older_than, now, 'older_than'),
      includeSoftDeleted: args.include_soft_deleted,
      includeActive: args.include_active,
      dryRun: args.dry_run,
      now: now.toISOString(),
    });
    return { purged: counts.expired + counts.soft_deleted + counts.active, by_class: counts, dry_run: args.dry_run };
  },
});
