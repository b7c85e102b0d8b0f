import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import { ciIdSchema, relationshipSchema, relationshipTypeSchema } from '../models.js';
import { assertJsonSize } from '../ops/attributes.js';
import { addRelationship } from '../ops/relationships.js';
import { changeContext, changeInput, WRITE } from './shared.js';

export const relationshipAdd = defineTool({
  name: 'relationship_add',
  title: 'Link two configuration items',
  description:
    'Adds "source <type> target", e.g. payments-api runs_on k8s-prod, checkout depends_on payments-api, payments-api part_of Checkout (business service). Impact flows from target to source (for part_of: from source to target). weight 0–1 says how much the source relies on the target (connects_to counts for impact only from 0.5). Type rules apply (runs_on: application/service/container/workload/database/queue → vm/server/k8s_cluster). Adding the same link again updates weight and attributes.',
  input: z.object({
    source_id: ciIdSchema,
    target_id: ciIdSchema,
    type: relationshipTypeSchema,
    weight: z.number().min(0).max(1).default(1),
    attributes: z.record(z.string(), z.unknown()).default({}),
    ...changeInput,
  }),
  output: z.object({ relationship: relationshipSchema, created: z.boolean() }),
  annotations: WRITE,
  render: (o) =>
    `${o.created ? 'Linked' : 'Already linked (weight/attributes updated if different)'}: ${o.relationship.source_ci_id} ${o.relationship.type} ${o.relationship.target_ci_id} (${o.relationship.id}).`,
  handler: async ({ actor, reason, ...input }, { client }: ToolContext<CmdbClient>) => {
    assertJsonSize(input.attributes, 'attributes', 8192);
    return addRelationship(client.store, input, changeContext({ actor, reason }, client));
  },
});
