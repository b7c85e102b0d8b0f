import type pg from 'pg';
import type { CiType, HistoryEntry, Relationship, RelationshipType, RelationshipView, Tag } from '../models.js';
import { websearchText } from './fts-query.js';
import { iso, Params } from '@mcp/sql';
import { CI_COLUMNS, containsPattern, impactEdgesSql, qualified, REL_COLUMNS, reachEdgesSql, typeList } from './sql-shared.js';
import type { CiFilter, CiRow, CmdbQueries, ReachOptions, WalkOptions, WalkRow } from './types.js';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;
type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] extends string ? Date : Date | null };
type CiDbRow = Dated<CiRow, 'created_at' | 'updated_at' | 'retired_at'>;

const toCi = (r: CiDbRow): CiRow => ({ ...r, created_at: iso(r.created_at)!, updated_at: iso(r.updated_at)!, retired_at: iso(r.retired_at) });
const toRel = (r: Dated<Relationship, 'created_at'>): Relationship => ({ ...r, created_at: iso(r.created_at)! });

/** The CMDB primitives on PostgreSQL, over the pool or one transaction's client. */
export class PgQueries implements CmdbQueries {
  constructor(private readonly db: Queryable) {}

  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.db.query<R>(sql, params)).rows;
  }

  async listTypes(): Promise<CiType[]> {
    return this.rows<CiType>(
      'SELECT t.name, t.attribute_schema, t.icon, t.description, (SELECT count(*) FROM configuration_items WHERE type = t.name)::int AS ci_count FROM ci_types t ORDER BY t.name',
    );
  }

  async getType(name: string): Promise<CiType | undefined> {
    const [row] = await this.rows<CiType>(
      'SELECT t.name, t.attribute_schema, t.icon, t.description, (SELECT count(*) FROM configuration_items WHERE type = t.name)::int AS ci_count FROM ci_types t WHERE t.name = $1',
      [name],
    );
    return row;
  }

  async putType(
    type: { name: string; attribute_schema: Record<string, unknown>; icon: string | null; description: string | null },
    now: string,
  ): Promise<boolean> {
    const [row] = await this.rows<{ inserted: boolean }>(
      `INSERT INTO ci_types AS t (name, attribute_schema, icon, description, created_at, updated_at) VALUES ($1, $2::jsonb, $3, $4, $5::timestamptz, $5::timestamptz)
       ON CONFLICT (name) DO UPDATE SET attribute_schema = excluded.attribute_schema, icon = excluded.icon, description = excluded.description, updated_at = excluded.updated_at
       RETURNING (t.xmax = 0) AS inserted`,
      [type.name, JSON.stringify(type.attribute_schema), type.icon, type.description, now],
    );
    return row!.inserted;
  }

  async getCi(id: string): Promise<CiRow | undefined> {
    const [row] = await this.rows<CiDbRow>(`SELECT ${CI_COLUMNS} FROM configuration_items WHERE id = $1`, [id]);
    return row && toCi(row);
  }

  async getCiByExternal(source: string, externalId: string): Promise<CiRow | undefined> {
    const [row] = await this.rows<CiDbRow>(`SELECT ${CI_COLUMNS} FROM configuration_items WHERE source = $1 AND external_id = $2`, [source, externalId]);
    return row && toCi(row);
  }

  async getCis(ids: readonly string[]): Promise<CiRow[]> {
    if (ids.length === 0) return [];
    return (await this.rows<CiDbRow>(`SELECT ${CI_COLUMNS} FROM configuration_items WHERE id = ANY($1::text[])`, [ids])).map(toCi);
  }

  async tagsOf(ids: readonly string[]): Promise<Map<string, Tag[]>> {
    const map = new Map<string, Tag[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    const rows = await this.rows<Tag & { ci_id: string }>('SELECT ci_id, key, value FROM ci_tags WHERE ci_id = ANY($1::text[]) ORDER BY key, value', [ids]);
    for (const r of rows) map.get(r.ci_id)?.push({ key: r.key, value: r.value });
    return map;
  }

  private ciParams(row: CiRow): unknown[] {
    return [
      row.id,
      row.type,
      row.name,
      row.environment,
      row.status,
      row.owner,
      row.team,
      row.criticality,
      JSON.stringify(row.attributes),
      row.source,
      row.external_id,
      row.version,
      row.created_at,
      row.updated_at,
      row.retired_at,
    ];
  }

  async insertCi(row: CiRow): Promise<void> {
    await this.db.query(
      `INSERT INTO configuration_items (${CI_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13::timestamptz, $14::timestamptz, $15::timestamptz)`,
      this.ciParams(row),
    );
  }

  async updateCi(row: CiRow, expectedVersion: number): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE configuration_items SET type = $2, name = $3, environment = $4, status = $5, owner = $6, team = $7, criticality = $8, attributes = $9::jsonb,
         source = $10, external_id = $11, version = $12, updated_at = $13::timestamptz, retired_at = $14::timestamptz
       WHERE id = $1 AND version = $15`,
      [...this.ciParams(row).filter((_, i) => i !== 12), expectedVersion],
    );
    return result.rowCount === 1;
  }

  async deleteCi(id: string): Promise<void> {
    await this.db.query('DELETE FROM configuration_items WHERE id = $1', [id]);
  }

  async replaceTags(ciId: string, tags: readonly Tag[]): Promise<void> {
    await this.db.query('DELETE FROM ci_tags WHERE ci_id = $1', [ciId]);
    if (tags.length === 0) return;
    await this.db.query('INSERT INTO ci_tags (ci_id, key, value) SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS t(k, v) ON CONFLICT DO NOTHING', [
      ciId,
      tags.map((t) => t.key),
      tags.map((t) => t.value),
    ]);
  }

  async searchCis(f: CiFilter): Promise<Array<CiRow & { score: number | null }>> {
    const text = f.query === undefined ? undefined : websearchText(f.query, f.match);
    if (f.query !== undefined && !text) return [];
    const p = new Params();
    const where = [`ci.status = ANY(${p.add(f.statuses)}::text[])`];
    const eq = (column: string, value: string | undefined) => value !== undefined && where.push(`${column} = ${p.add(value)}`);
    eq('ci.type', f.type);
    eq('ci.environment', f.environment);
    eq('ci.owner', f.owner);
    eq('ci.team', f.team);
    if (f.name !== undefined) where.push(`ci.name ILIKE ${p.add(containsPattern(f.name))} ESCAPE '\\'`);
    if (f.tag) {
      const key = p.add(f.tag.key);
      where.push(
        `EXISTS (SELECT 1 FROM ci_tags t WHERE t.ci_id = ci.id AND t.key = ${key}${f.tag.value === undefined ? '' : ` AND t.value = ${p.add(f.tag.value)}`})`,
      );
    }
    if (f.attribute) where.push(`ci.attributes #>> ${p.add(f.attribute.path)}::text[] = ${p.add(f.attribute.equals)}`);
    let from = 'configuration_items ci';
    let order = 'ci.name, ci.id';
    let score = 'NULL::float8';
    if (text) {
      from += `, websearch_to_tsquery('english', ${p.add(text)}) AS q`;
      where.push('ci.tsv @@ q');
      score = 'ts_rank_cd(ci.tsv, q)';
      order = 'score DESC, ci.name, ci.id';
    } else if (f.after) {
      where.push(`(ci.name, ci.id) > (${p.add(f.after.name)}::text, ${p.add(f.after.id)}::text)`);
    }
    const rows = await this.rows<CiDbRow & { score: number | null }>(
      `SELECT ${qualified('ci', CI_COLUMNS)}, ${score} AS score FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${p.add(f.limit)}`,
      p.values,
    );
    return rows.map((r) => ({ ...toCi(r), score: r.score === null ? null : Number(r.score) }));
  }

  async addHistory(e: Omit<HistoryEntry, 'id'>): Promise<void> {
    await this.db.query('INSERT INTO ci_history (ci_id, changed_at, actor, op, diff, reason) VALUES ($1, $2::timestamptz, $3, $4, $5::jsonb, $6)', [
      e.ci_id,
      e.changed_at,
      e.actor,
      e.op,
      JSON.stringify(e.diff),
      e.reason,
    ]);
  }

  async history(ciId: string, limit: number, beforeId?: number): Promise<HistoryEntry[]> {
    const rows = await this.rows<Dated<HistoryEntry, 'changed_at'> & { id: string }>(
      'SELECT id, ci_id, changed_at, actor, op, diff, reason FROM ci_history WHERE ci_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3',
      [ciId, beforeId ?? null, limit],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), changed_at: iso(r.changed_at)! }));
  }

  async getRelationship(id: string): Promise<Relationship | undefined> {
    const [row] = await this.rows<Dated<Relationship, 'created_at'>>(`SELECT ${REL_COLUMNS} FROM relationships WHERE id = $1`, [id]);
    return row && toRel(row);
  }

  async findRelationship(sourceId: string, targetId: string, type: RelationshipType): Promise<Relationship | undefined> {
    const [row] = await this.rows<Dated<Relationship, 'created_at'>>(
      `SELECT ${REL_COLUMNS} FROM relationships WHERE source_ci_id = $1 AND target_ci_id = $2 AND type = $3`,
      [sourceId, targetId, type],
    );
    return row && toRel(row);
  }

  async insertRelationship(r: Relationship): Promise<void> {
    await this.db.query(`INSERT INTO relationships (${REL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::timestamptz)`, [
      r.id,
      r.source_ci_id,
      r.target_ci_id,
      r.type,
      r.weight,
      JSON.stringify(r.attributes),
      r.created_at,
    ]);
  }

  async updateRelationship(id: string, weight: number, attributes: Record<string, unknown>): Promise<void> {
    await this.db.query('UPDATE relationships SET weight = $2, attributes = $3::jsonb WHERE id = $1', [id, weight, JSON.stringify(attributes)]);
  }

  async deleteRelationship(id: string): Promise<void> {
    await this.db.query('DELETE FROM relationships WHERE id = $1', [id]);
  }

  async relationshipsOf(ciId: string, limit: number): Promise<{ items: RelationshipView[]; outgoing: number; incoming: number }> {
    const side = (direction: 'outgoing' | 'incoming') => {
      const [mine, other] = direction === 'outgoing' ? ['source_ci_id', 'target_ci_id'] : ['target_ci_id', 'source_ci_id'];
      return `SELECT ${qualified('r', REL_COLUMNS)}, '${direction}' AS direction, o.id AS o_id, o.type AS o_type, o.name AS o_name, o.status AS o_status
              FROM relationships r JOIN configuration_items o ON o.id = r.${other} WHERE r.${mine} = $1`;
    };
    const rows = await this.rows<
      Dated<Relationship, 'created_at'> & { direction: 'outgoing' | 'incoming'; o_id: string; o_type: string; o_name: string; o_status: CiRow['status'] }
    >(`${side('outgoing')} UNION ALL ${side('incoming')} ORDER BY direction DESC, type, o_name, id LIMIT $2`, [ciId, limit]);
    const [counts] = await this.rows<{ outgoing: number; incoming: number }>(
      'SELECT (SELECT count(*) FROM relationships WHERE source_ci_id = $1)::int AS outgoing, (SELECT count(*) FROM relationships WHERE target_ci_id = $1)::int AS incoming',
      [ciId],
    );
    const items = rows.map(({ direction, o_id, o_type, o_name, o_status, ...r }) => ({
      ...toRel(r),
      direction,
      other: { id: o_id, type: o_type, name: o_name, status: o_status },
    }));
    return { items, ...counts! };
  }

  async relationshipsAmong(ids: readonly string[], edgeTypes: readonly RelationshipType[]): Promise<Relationship[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows<Dated<Relationship, 'created_at'>>(
      `SELECT ${REL_COLUMNS} FROM relationships WHERE type IN (${typeList(edgeTypes)}) AND source_ci_id = ANY($1::text[]) AND target_ci_id = ANY($1::text[]) ORDER BY id`,
      [ids],
    );
    return rows.map(toRel);
  }

  async impactWalk(rootId: string, o: WalkOptions): Promise<{ rows: WalkRow[]; truncated: boolean }> {
    const edges = impactEdgesSql(o, typeList);
    if (!edges) return { rows: [], truncated: false };
    // CYCLE (PostgreSQL 14+) marks a row that revisits a CI on its path and stops
    // recursing from it. The outer LIMIT bounds the work: PostgreSQL evaluates a
    // recursive CTE only as far as the outer query fetches.
    const rows = await this.rows<WalkRow>(
      `WITH RECURSIVE edges(cur, nxt, type, weight) AS (${edges}),
       walk(ci_id, depth, path, via, weight) AS (
         SELECT $1::text COLLATE "C", 0, ARRAY[$1::text COLLATE "C"], ARRAY[]::text[], 1.0::float8
         UNION ALL
         SELECT e.nxt, w.depth + 1, w.path || e.nxt, w.via || e.type, w.weight * e.weight
         FROM walk w JOIN edges e ON e.cur = w.ci_id JOIN configuration_items ci ON ci.id = e.nxt AND ci.status <> 'retired'
         WHERE w.depth < $2
       ) CYCLE ci_id SET is_cycle USING visited
       SELECT ci_id, depth, path, via, weight FROM walk WHERE NOT is_cycle AND depth > 0 LIMIT $3`,
      [rootId, o.maxDepth, o.rowCap + 1],
    );
    return { rows: rows.slice(0, o.rowCap).map((r) => ({ ...r, weight: Number(r.weight) })), truncated: rows.length > o.rowCap };
  }

  async reach(rootId: string, o: ReachOptions): Promise<{ nodes: Array<{ id: string; depth: number }>; truncated: boolean }> {
    const rows = await this.rows<{ id: string; depth: number }>(
      `WITH RECURSIVE edges(cur, nxt) AS (${reachEdgesSql(o, typeList(o.edgeTypes))}),
       reach(ci_id, depth) AS (
         SELECT $1::text COLLATE "C", 0
         UNION
         SELECT e.nxt, r.depth + 1 FROM reach r JOIN edges e ON e.cur = r.ci_id
           JOIN configuration_items ci ON ci.id = e.nxt AND ($3 OR ci.status <> 'retired')
         WHERE r.depth < $2
       )
       SELECT ci_id AS id, min(depth)::int AS depth FROM reach GROUP BY ci_id ORDER BY min(depth), ci_id LIMIT $4`,
      [rootId, o.depth, o.includeRetired, o.nodeCap + 1],
    );
    return { nodes: rows.slice(0, o.nodeCap), truncated: rows.length > o.nodeCap };
  }
}
