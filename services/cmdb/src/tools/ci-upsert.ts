import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import { ciIdSchema, ciSchema, environmentSchema, tagSchema, typeNameSchema } from '../models.js';
import { assertJsonSize } from '../ops/attributes.js';
import { upsertCi } from '../ops/ci-write.js';
import { changeContext, changeInput, WRITE } from './shared.js';

export const ciUpsert = defineTool({
  name: 'ci_upsert',
  title: 'Create or update a configuration item',
  description:
    "Creates a CI, or updates one found by id or by source + external_id (discovery feeds: pass both and the call is idempotent). Only the fields given change; attributes and tags, when given, replace the old ones whole. Attributes are validated against the type's JSON Schema (ci_type_list). Pass expected_version (from ci_get) to refuse the update if someone changed the CI meanwhile. Every change is recorded in ci_history. To retire a CI use ci_retire.",
  input: z.object({
    id: ciIdSchema.optional().describe('Update this CI'),
    source: z.string().min(1).max(64).optional().describe('Where the record comes from: manual (default), azure, gcp, k8s, vmware, …'),
    external_id: z.string().min(1).max(256).optional().describe('Its id in that source'),
    type: typeNameSchema.optional().describe('Required to create: server, vm, container, k8s_cluster, k8s_workload, service, application, database, …'),
    name: z.string().min(1).max(256).optional().describe('Required to create'),
    environment: environmentSchema.nullable().optional(),
    status: z.enum(['planned', 'active', 'maintenance']).optional().describe('Setting it on a retired CI brings it back'),
    owner: z.string().max(128).nullable().optional(),
    team: z.string().max(128).nullable().optional(),
    criticality: z.number().int().min(1).max(5).optional().describe('1 (low) … 5 (critical); default 3'),
    attributes: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(tagSchema).max(50).optional(),
    expected_version: z.number().int().min(1).optional(),
    ...changeInput,
  }),
  output: z.object({ ci: ciSchema, created: z.boolean(), changed: z.boolean().describe('false when the update changed nothing (version unchanged)') }),
  annotations: WRITE,
  render: (o) => `${o.created ? 'Created' : o.changed ? 'Updated' : 'Unchanged:'} ${o.ci.type} "${o.ci.name}" (${o.ci.id}, version ${o.ci.version}).`,
  handler: async ({ actor, reason, ...input }, { client }: ToolContext<CmdbClient>) => {
    if (input.attributes) assertJsonSize(input.attributes, 'attributes');
    return upsertCi(client.store, input, changeContext({ actor, reason }, client));
  },
});
