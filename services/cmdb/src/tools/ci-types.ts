import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import { ciTypeSchema, typeNameSchema } from '../models.js';
import { assertJsonSize, assertValidSchema } from '../ops/attributes.js';
import { READ, WRITE } from './shared.js';

export const ciTypeList = defineTool({
  name: 'ci_type_list',
  title: 'List CI types',
  description:
    'The CI types with the JSON Schema their attributes must satisfy and how many CIs each has. Read it before ci_upsert to know which attributes a type expects.',
  input: z.object({}),
  output: z.object({ types: z.array(ciTypeSchema) }),
  annotations: READ,
  render: (o) => o.types.map((t) => `- ${t.name} (${t.ci_count})${t.description ? `: ${t.description}` : ''}`).join('\n'),
  handler: async (_args, { client }: ToolContext<CmdbClient>) => ({ types: await client.store.listTypes() }),
});

export const ciTypeUpsert = defineTool({
  name: 'ci_type_upsert',
  title: 'Add or change a CI type',
  description:
    'Adds a CI type, or replaces the attribute schema, icon and description of an existing one. The schema must be a valid JSON Schema (draft 2020-12 subset as ajv supports); it applies to CIs written from now on — existing CIs are not re-validated.',
  input: z.object({
    name: typeNameSchema,
    attribute_schema: z.record(z.string(), z.unknown()).default({ type: 'object', additionalProperties: true }),
    icon: z.string().max(64).nullable().default(null),
    description: z.string().max(500).nullable().default(null),
  }),
  output: z.object({ type: ciTypeSchema, created: z.boolean() }),
  annotations: WRITE,
  render: (o) => `${o.created ? 'Added' : 'Updated'} CI type ${o.type.name}.`,
  handler: async (args, { client }: ToolContext<CmdbClient>) => {
    assertJsonSize(args.attribute_schema, 'attribute_schema');
    assertValidSchema(args.attribute_schema);
    const created = await client.store.transaction((q) => q.putType(args, client.now().toISOString()));
    return { type: (await client.store.getType(args.name))!, created };
  },
});
