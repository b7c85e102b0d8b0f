import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import { ciIdSchema, relationshipSchema } from '../models.js';
import { removeRelationship } from '../ops/relationships.js';
import { changeContext, changeInput, DESTRUCTIVE } from './shared.js';

export const relationshipRemove = defineTool({
  name: 'relationship_remove',
  title: 'Unlink two configuration items',
  description: "Deletes one relationship (ids from ci_get). Impact analysis stops following it at once. Recorded in both CIs' history.",
  input: z.object({ relationship_id: ciIdSchema.describe('The relationship id'), ...changeInput }),
  output: z.object({ removed: relationshipSchema }),
  annotations: DESTRUCTIVE,
  render: (o) => `Removed ${o.removed.source_ci_id} ${o.removed.type} ${o.removed.target_ci_id}.`,
  handler: async ({ relationship_id, actor, reason }, { client }: ToolContext<CmdbClient>) => ({
    removed: await removeRelationship(client.store, relationship_id, changeContext({ actor, reason }, client)),
  }),
});
