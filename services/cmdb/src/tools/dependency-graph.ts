import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import { ciIdSchema, ciStatusSchema, RELATIONSHIP_TYPES, relationshipTypeSchema } from '../models.js';
import { dependencyGraph, MAX_GRAPH_NODES, toDot, toMermaid } from '../ops/graph.js';
import { READ } from './shared.js';

export const dependencyGraphTool = defineTool({
  name: 'dependency_graph',
  title: 'Export a dependency subgraph',
  description: `The CIs within depth hops of a root CI (along relationships in both directions by default) and every relationship among them, as JSON, Mermaid or Graphviz DOT. At most ${MAX_GRAPH_NODES} nodes (truncated says when cut). Retired CIs are left out unless include_retired.`,
  input: z.object({
    root_id: ciIdSchema,
    depth: z.number().int().min(1).max(20).default(2),
    direction: z.enum(['both', 'outgoing', 'incoming']).default('both').describe('outgoing: from source to target as stored'),
    edge_types: z.array(relationshipTypeSchema).min(1).optional().describe('Default: all'),
    include_retired: z.boolean().default(false),
    format: z.enum(['json', 'mermaid', 'dot']).default('json'),
  }),
  output: z.object({
    root_id: z.string(),
    format: z.enum(['json', 'mermaid', 'dot']),
    node_count: z.number().int(),
    edge_count: z.number().int(),
    truncated: z.boolean(),
    nodes: z
      .array(z.object({ id: z.string(), name: z.string(), type: z.string(), status: ciStatusSchema, criticality: z.number().int(), depth: z.number().int() }))
      .optional(),
    edges: z
      .array(z.object({ id: z.string(), source_ci_id: z.string(), target_ci_id: z.string(), type: relationshipTypeSchema, weight: z.number() }))
      .optional(),
    text: z.string().optional().describe('The Mermaid or DOT source'),
  }),
  annotations: READ,
  largeResult: true,
  render: (o) => o.text ?? `${o.node_count} CIs and ${o.edge_count} relationships${o.truncated ? ' (truncated)' : ''}.`,
  handler: async (args, { client }: ToolContext<CmdbClient>) => {
    if (args.depth > client.maxDepth) throw new InvalidInputError(`depth ${args.depth} is above the limit of ${client.maxDepth} (CMDB_MAX_IMPACT_DEPTH).`);
    const graph = await dependencyGraph(client.store, { ...args, edge_types: args.edge_types ?? [...RELATIONSHIP_TYPES] });
    const base = { root_id: graph.root_id, format: args.format, node_count: graph.nodes.length, edge_count: graph.edges.length, truncated: graph.truncated };
    if (args.format === 'json') return { ...base, nodes: graph.nodes, edges: graph.edges };
    return { ...base, text: args.format === 'mermaid' ? toMermaid(graph) : toDot(graph) };
  },
});
