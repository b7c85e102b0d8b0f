import { defineTool, NotFoundError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import { ciIdSchema, ciSchema, historySchema, relationshipViewSchema } from '../models.js';
import { READ, withTags } from './shared.js';

export const ciGet = defineTool({
  name: 'ci_get',
  title: 'Get a configuration item',
  description:
    'A CI with its tags, its direct relationships in both directions (with the CI at the other end) and its most recent history. Use ci_history for older changes, impact_analysis / dependency_graph for indirect links.',
  input: z.object({
    id: ciIdSchema,
    relationships_limit: z.number().int().min(0).max(500).default(100),
    history_limit: z.number().int().min(0).max(100).default(10),
  }),
  output: z.object({
    ci: ciSchema,
    relationships: z.array(relationshipViewSchema),
    relationship_counts: z.object({ outgoing: z.number().int(), incoming: z.number().int() }),
    history: z.array(historySchema),
  }),
  annotations: READ,
  render: (o) =>
    `${o.ci.type} "${o.ci.name}" (${o.ci.id}) — ${o.ci.status}${o.ci.environment ? `, ${o.ci.environment}` : ''}, criticality ${o.ci.criticality}, owner ${o.ci.owner ?? 'none'}, version ${o.ci.version}\n` +
    o.relationships
      .map((r) => (r.direction === 'outgoing' ? `- ${r.type} → ${r.other.name} (${r.other.type})` : `- ← ${r.type} ${r.other.name} (${r.other.type})`))
      .join('\n'),
  handler: async (args, { client }: ToolContext<CmdbClient>) => {
    const row = await client.store.getCi(args.id);
    if (!row) throw new NotFoundError(`No CI has id ${args.id}.`, { hint: 'Find CIs with ci_search; a purged CI still has its ci_history.' });
    const [[ci], rels, history] = await Promise.all([
      withTags(client.store, [row]),
      client.store.relationshipsOf(args.id, args.relationships_limit),
      client.store.history(args.id, args.history_limit),
    ]);
    return { ci: ci!, relationships: rels.items, relationship_counts: { outgoing: rels.outgoing, incoming: rels.incoming }, history };
  },
});
