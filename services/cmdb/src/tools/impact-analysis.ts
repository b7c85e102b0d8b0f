import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import { ciIdSchema, ciRefSchema, environmentSchema, relationshipTypeSchema } from '../models.js';
import { impactAnalysis } from '../ops/impact.js';
import { READ } from './shared.js';

const impactedSchema = z.object({
  ci: ciRefSchema.extend({
    environment: environmentSchema.nullable(),
    criticality: z.number().int(),
    owner: z.string().nullable(),
    team: z.string().nullable(),
  }),
  depth: z.number().int(),
  score: z.number().describe('criticality × product of weights on the path × 0.8^(depth−1)'),
  path: z.array(z.object({ id: z.string(), name: z.string(), type: z.string() })).describe('From the analysed CI to this one'),
  via: z.array(relationshipTypeSchema).describe('Relationship types along the path'),
});

export const impactAnalysisTool = defineTool({
  name: 'impact_analysis',
  title: 'Impact analysis',
  description:
    'direction "downstream" (default): what breaks if this CI fails — everything that depends_on / runs_on / hosted_on / uses it, transitively, plus the business services it is part_of. direction "upstream": what this CI depends on. Follows relationships up to max_depth hops (at most CMDB_MAX_IMPACT_DEPTH) without cycles, skipping retired CIs; connects_to counts only with weight ≥ 0.5; backed_up_by and managed_by only when listed in edge_types. Ranked by score, with the path, the affected business services and the owners to notify.',
  input: z.object({
    ci_id: ciIdSchema,
    direction: z.enum(['downstream', 'upstream']).default('downstream'),
    max_depth: z.number().int().min(1).max(20).optional().describe('Hops; default and maximum CMDB_MAX_IMPACT_DEPTH'),
    edge_types: z.array(relationshipTypeSchema).min(1).optional().describe('Default: depends_on, runs_on, hosted_on, uses, part_of, connects_to'),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  output: z.object({
    root: ciRefSchema,
    direction: z.enum(['downstream', 'upstream']),
    max_depth: z.number().int(),
    edge_types: z.array(relationshipTypeSchema),
    total: z.number().int().describe('CIs reached (impacted is the first `limit` of them)'),
    impacted: z.array(impactedSchema),
    business_services: z.array(ciRefSchema),
    owners: z.array(z.object({ owner: z.string().nullable(), team: z.string().nullable(), cis: z.number().int() })),
    truncated: z.boolean().describe('true when the graph had more paths than one analysis follows: narrow edge_types or max_depth'),
  }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    `${o.direction === 'downstream' ? `If "${o.root.name}" fails, ${o.total} CI(s) are impacted` : `"${o.root.name}" depends on ${o.total} CI(s)`}${o.truncated ? ' (analysis truncated)' : ''}.\n` +
    o.impacted.map((i) => `- ${i.score.toFixed(2)} ${i.ci.type} "${i.ci.name}" via ${i.path.map((p) => p.name).join(' → ')}`).join('\n') +
    (o.business_services.length ? `\nBusiness services: ${o.business_services.map((b) => b.name).join(', ')}` : ''),
  handler: async (args, { client }: ToolContext<CmdbClient>) => {
    if (args.max_depth !== undefined && args.max_depth > client.maxDepth) {
      throw new InvalidInputError(`max_depth ${args.max_depth} is above the limit of ${client.maxDepth} (CMDB_MAX_IMPACT_DEPTH).`);
    }
    return impactAnalysis(client.store, { ...args, max_depth: args.max_depth ?? client.maxDepth });
  },
});
