import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import { ciIdSchema, ciSchema } from '../models.js';
import { retireCi } from '../ops/ci-write.js';
import { changeContext, changeInput, DESTRUCTIVE } from './shared.js';

export const ciRetire = defineTool({
  name: 'ci_retire',
  title: 'Retire or purge a configuration item',
  description:
    'hard: false (default) retires the CI: status retired, kept with its relationships and history, skipped by impact analysis; ci_upsert with a status brings it back. hard: true purges it: the CI, its tags and relationships are deleted for good (its history remains, ending with a purge entry).',
  input: z.object({ id: ciIdSchema, hard: z.boolean().default(false), expected_version: z.number().int().min(1).optional(), ...changeInput }),
  output: z.object({
    ci: ciSchema.describe('The CI as it is now (hard: as it was)'),
    retired: z.boolean(),
    purged: z.boolean(),
    relationships_removed: z.number().int(),
  }),
  annotations: DESTRUCTIVE,
  render: (o) => (o.purged ? `Purged ${o.ci.type} "${o.ci.name}" and ${o.relationships_removed} relationship(s).` : `Retired ${o.ci.type} "${o.ci.name}".`),
  handler: async ({ actor, reason, ...input }, { client }: ToolContext<CmdbClient>) => retireCi(client.store, input, changeContext({ actor, reason }, client)),
});
