import type { RelationshipType } from '../models.js';
import { CONNECTS_TO_MIN_WEIGHT, FORWARD_FLOW } from '../rules.js';
import type { ReachOptions, WalkOptions } from './types.js';

export const CI_COLUMNS =
  'id, type, name, environment, status, owner, team, criticality, attributes, source, external_id, version, created_at, updated_at, retired_at';
export const REL_COLUMNS = 'id, source_ci_id, target_ci_id, type, weight, attributes, created_at';
export const qualified = (prefix: string, columns: string) =>
  columns
    .split(', ')
    .map((c) => `${prefix}.${c} AS ${c}`)
    .join(', ');

/** Relationship types split by the way impact flows along them. */
export function flowTypes(edgeTypes: readonly RelationshipType[]): { reverse: RelationshipType[]; forward: RelationshipType[] } {
  return { reverse: edgeTypes.filter((t) => !FORWARD_FLOW.has(t)), forward: edgeTypes.filter((t) => FORWARD_FLOW.has(t)) };
}

/**
 * SQL of the `edges(cur, nxt, type, weight)` CTE of an impact walk: each
 * relationship turned the way the walk follows it. `list(types)` renders an
 * IN-list parameter for the engine.
 */
export function impactEdgesSql(options: WalkOptions, list: (types: RelationshipType[]) => string): string {
  const { reverse, forward } = flowTypes(options.edgeTypes);
  const down = options.direction === 'downstream';
  // Impact flows target → source for `reverse` types, source → target for part_of.
  const parts: string[] = [];
  if (reverse.length) {
    const [cur, nxt] = down ? ['target_ci_id', 'source_ci_id'] : ['source_ci_id', 'target_ci_id'];
    parts.push(
      `SELECT ${cur}, ${nxt}, type, weight FROM relationships WHERE type IN (${list(reverse)}) AND (type <> 'connects_to' OR weight >= ${CONNECTS_TO_MIN_WEIGHT})`,
    );
  }
  if (forward.length) {
    const [cur, nxt] = down ? ['source_ci_id', 'target_ci_id'] : ['target_ci_id', 'source_ci_id'];
    parts.push(`SELECT ${cur}, ${nxt}, type, weight FROM relationships WHERE type IN (${list(forward)})`);
  }
  return parts.join(' UNION ALL ');
}

/** SQL of the `edges(cur, nxt)` CTE of a neighbourhood walk along stored directions. */
export function reachEdgesSql(options: ReachOptions, typesParam: string): string {
  const out = `SELECT source_ci_id, target_ci_id FROM relationships WHERE type IN (${typesParam})`;
  const inc = `SELECT target_ci_id, source_ci_id FROM relationships WHERE type IN (${typesParam})`;
  if (options.direction === 'outgoing') return out;
  if (options.direction === 'incoming') return inc;
  return `${out} UNION ALL ${inc}`;
}

/** `%…%` LIKE pattern matching `text` literally (ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An SQL list of relationship-type literals. The values come from a closed enum; quotes are doubled all the same. */
export function typeList(types: readonly string[]): string {
  return types.length ? types.map((t) => `'${t.replaceAll("'", "''")}'`).join(', ') : 'NULL';
}
