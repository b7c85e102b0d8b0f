import { NotFoundError } from '@mcp/runtime';
import type { CiRef, RelationshipType } from '../models.js';
import { DEPTH_DECAY, IMPACT_EDGE_TYPES } from '../rules.js';
import type { CiRow, CmdbStore, WalkRow } from '../store/types.js';

/** Paths an analysis may enumerate before it stops and says so. */
export const MAX_WALK_PATHS = 5000;

export interface ImpactedCi {
  ci: CiRef & { environment: CiRow['environment']; criticality: number; owner: string | null; team: string | null };
  depth: number;
  score: number;
  path: Array<{ id: string; name: string; type: string }>;
  via: RelationshipType[];
}

export interface ImpactResult {
  root: CiRef;
  direction: 'downstream' | 'upstream';
  max_depth: number;
  edge_types: RelationshipType[];
  total: number;
  impacted: ImpactedCi[];
  business_services: CiRef[];
  owners: Array<{ owner: string | null; team: string | null; cis: number }>;
  truncated: boolean;
}

const ref = (ci: CiRow): CiRef => ({ id: ci.id, type: ci.type, name: ci.name, status: ci.status });

/** criticality × Π(weights on the path) × 0.8^(depth − 1), rounded for display. */
export function impactScore(criticality: number, weight: number, depth: number): number {
  return Math.round(criticality * weight * DEPTH_DECAY ** (depth - 1) * 10_000) / 10_000;
}

/**
 * What breaks if the root fails (downstream), or what the root depends on
 * (upstream): every cycle-free path along the impact flow up to maxDepth hops,
 * retired CIs skipped; each CI scored by its best path, ranked.
 */
export async function impactAnalysis(
  store: CmdbStore,
  input: { ci_id: string; direction: 'downstream' | 'upstream'; max_depth: number; edge_types?: RelationshipType[]; limit: number },
): Promise<ImpactResult> {
  const root = await store.getCi(input.ci_id);
  if (!root) throw new NotFoundError(`No CI has id ${input.ci_id}.`, { hint: 'Find it with ci_search.' });
  const edgeTypes = input.edge_types?.length ? [...new Set(input.edge_types)] : [...IMPACT_EDGE_TYPES];
  const walk = await store.impactWalk(root.id, { direction: input.direction, maxDepth: input.max_depth, edgeTypes, rowCap: MAX_WALK_PATHS });
  const best = new Map<string, WalkRow & { score: number }>();
  const cis = new Map((await store.getCis([...new Set(walk.rows.flatMap((r) => r.path))])).map((c) => [c.id, c]));
  for (const row of walk.rows) {
    const ci = cis.get(row.ci_id);
    if (!ci) continue;
    const score = impactScore(ci.criticality, row.weight, row.depth);
    const current = best.get(row.ci_id);
    if (!current || score > current.score || (score === current.score && row.depth < current.depth)) best.set(row.ci_id, { ...row, score });
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score || a.depth - b.depth || a.ci_id.localeCompare(b.ci_id));
  const impactedRows = ranked.map((r) => cis.get(r.ci_id)!);
  const owners = new Map<string, { owner: string | null; team: string | null; cis: number }>();
  for (const ci of impactedRows) {
    const key = `${ci.owner ?? ''}\u0000${ci.team ?? ''}`;
    const entry = owners.get(key) ?? { owner: ci.owner, team: ci.team, cis: 0 };
    entry.cis += 1;
    owners.set(key, entry);
  }
  return {
    root: ref(root),
    direction: input.direction,
    max_depth: input.max_depth,
    edge_types: edgeTypes,
    total: ranked.length,
    impacted: ranked.slice(0, input.limit).map((r) => {
      const ci = cis.get(r.ci_id)!;
      return {
        ci: { ...ref(ci), environment: ci.environment, criticality: ci.criticality, owner: ci.owner, team: ci.team },
        depth: r.depth,
        score: r.score,
        path: r.path.map((id) => {
          const p = cis.get(id);
          return { id, name: p?.name ?? '?', type: p?.type ?? '?' };
        }),
        via: r.via,
      };
    }),
    business_services: impactedRows.filter((c) => c.type === 'business_service').map(ref),
    owners: [...owners.values()].filter((o) => o.owner || o.team).sort((a, b) => b.cis - a.cis),
    truncated: walk.truncated,
  };
}
