import { NotFoundError } from '@mcp/runtime';
import type { CiRow, CmdbStore } from '../store/types.js';
import type { Relationship, RelationshipType } from '../models.js';

/** Nodes a graph export may hold before it stops and says so. */
export const MAX_GRAPH_NODES = 500;

export interface GraphNode {
  id: string;
  name: string;
  type: string;
  status: CiRow['status'];
  criticality: number;
  depth: number;
}

export interface Graph {
  root_id: string;
  nodes: GraphNode[];
  edges: Array<Pick<Relationship, 'id' | 'source_ci_id' | 'target_ci_id' | 'type' | 'weight'>>;
  truncated: boolean;
}

/** The subgraph within `depth` hops of the root (recursive CTE), with every relationship among its CIs. */
export async function dependencyGraph(
  store: CmdbStore,
  input: { root_id: string; depth: number; direction: 'both' | 'outgoing' | 'incoming'; edge_types: RelationshipType[]; include_retired: boolean },
): Promise<Graph> {
  const root = await store.getCi(input.root_id);
  if (!root) throw new NotFoundError(`No CI has id ${input.root_id}.`, { hint: 'Find it with ci_search.' });
  const reach = await store.reach(root.id, {
    depth: input.depth,
    edgeTypes: input.edge_types,
    direction: input.direction,
    includeRetired: input.include_retired,
    nodeCap: MAX_GRAPH_NODES,
  });
  const ids = reach.nodes.map((n) => n.id);
  const cis = new Map((await store.getCis(ids)).map((c) => [c.id, c]));
  const edges = await store.relationshipsAmong(ids, input.edge_types);
  return {
    root_id: root.id,
    nodes: reach.nodes.flatMap((n) => {
      const ci = cis.get(n.id);
      return ci ? [{ id: ci.id, name: ci.name, type: ci.type, status: ci.status, criticality: ci.criticality, depth: n.depth }] : [];
    }),
    edges: edges.map(({ id, source_ci_id, target_ci_id, type, weight }) => ({ id, source_ci_id, target_ci_id, type, weight })),
    truncated: reach.truncated,
  };
}

/** Mermaid flowchart: node ids are generated (n0, n1, …); labels are escaped, so CI names cannot break the syntax. */
export function toMermaid(graph: Graph): string {
  const key = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const label = (text: string) => text.replace(/["<>#&]/g, (c) => `#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
  const lines = ['graph LR'];
  for (const n of graph.nodes) lines.push(`  ${key.get(n.id)}["${label(n.name)}<br/>${label(n.type)}"]`);
  for (const e of graph.edges) lines.push(`  ${key.get(e.source_ci_id)} -->|${e.type}| ${key.get(e.target_ci_id)}`);
  const root = key.get(graph.root_id);
  if (root) lines.push('  classDef root stroke-width:3px', `  class ${root} root`);
  const retired = graph.nodes.filter((n) => n.status === 'retired').map((n) => key.get(n.id));
  if (retired.length) lines.push('  classDef retired stroke-dasharray:5 5', `  class ${retired.join(',')} retired`);
  return lines.join('\n');
}

/** Graphviz DOT: ids and labels quoted and escaped. */
export function toDot(graph: Graph): string {
  const esc = (text: string) =>
    text
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/[\r\n]+/g, ' ');
  const q = (text: string) => `"${esc(text)}"`;
  const lines = ['digraph cmdb {', '  rankdir=LR;', '  node [shape=box];'];
  for (const n of graph.nodes) {
    const style = [n.id === graph.root_id ? 'penwidth=3' : '', n.status === 'retired' ? 'style=dashed' : ''].filter(Boolean);
    lines.push(`  ${q(n.id)} [label="${esc(n.name)}\\n(${esc(n.type)})"${style.length ? `, ${style.join(', ')}` : ''}];`);
  }
  for (const e of graph.edges) lines.push(`  ${q(e.source_ci_id)} -> ${q(e.target_ci_id)} [label=${q(e.type)}];`);
  lines.push('}');
  return lines.join('\n');
}
