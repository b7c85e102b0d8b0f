import type { CiType, HistoryEntry, Relationship, RelationshipType, RelationshipView, Tag } from '../models.js';
import { fts5MatchExpression } from './fts-query.js';
import { CI_COLUMNS, containsPattern, impactEdgesSql, qualified, REL_COLUMNS, reachEdgesSql, typeList } from './sql-shared.js';
import type { SqliteDb } from './sqlite-db.js';
import type { CiFilter, CiRow, CmdbQueries, ReachOptions, WalkOptions, WalkRow } from './types.js';

type Json<T, K extends keyof T> = Omit<T, K> & { [P in K]: string };
const parse = <T>(text: string) => JSON.parse(text) as T;
const toCi = (row: Json<CiRow, 'attributes'>): CiRow => ({ ...row, attributes: parse(row.attributes) });
const toRel = (row: Json<Relationship, 'attributes'>): Relationship => ({ ...row, attributes: parse(row.attributes) });
const ids = (values: readonly string[]) => JSON.stringify(values);

/** The CMDB primitives on SQLite (synchronous better-sqlite3 behind async signatures). */
export class SqliteQueries implements CmdbQueries {
  constructor(private readonly sql: SqliteDb) {}

  async listTypes(): Promise<CiType[]> {
    const rows = this.sql
      .stmt(
        'SELECT t.name, t.attribute_schema, t.icon, t.description, (SELECT count(*) FROM configuration_items WHERE type = t.name) AS ci_count FROM ci_types t ORDER BY t.name',
      )
      .all() as Array<Json<CiType, 'attribute_schema'>>;
    return rows.map((r) => ({ ...r, attribute_schema: parse(r.attribute_schema) }));
  }

  async getType(name: string): Promise<CiType | undefined> {
    return (await this.listTypes()).find((t) => t.name === name);
  }

  async putType(
    type: { name: string; attribute_schema: Record<string, unknown>; icon: string | null; description: string | null },
    now: string,
  ): Promise<boolean> {
    const existed = this.sql.stmt('SELECT 1 FROM ci_types WHERE name = ?').get(type.name) !== undefined;
    this.sql
      .stmt(
        `INSERT INTO ci_types (name, attribute_schema, icon, description, created_at, updated_at) VALUES (@name, @schema, @icon, @description, @now, @now)
         ON CONFLICT (name) DO UPDATE SET attribute_schema = excluded.attribute_schema, icon = excluded.icon, description = excluded.description, updated_at = excluded.updated_at`,
      )
      .run({ name: type.name, schema: JSON.stringify(type.attribute_schema), icon: type.icon, description: type.description, now });
    return !existed;
  }

  async getCi(id: string): Promise<CiRow | undefined> {
    const row = this.sql.stmt(`SELECT ${CI_COLUMNS} FROM configuration_items WHERE id = ?`).get(id) as Json<CiRow, 'attributes'> | undefined;
    return row && toCi(row);
  }

  async getCiByExternal(source: string, externalId: string): Promise<CiRow | undefined> {
    const row = this.sql.stmt(`SELECT ${CI_COLUMNS} FROM configuration_items WHERE source = ? AND external_id = ?`).get(source, externalId) as
      | Json<CiRow, 'attributes'>
      | undefined;
    return row && toCi(row);
  }

  async getCis(list: readonly string[]): Promise<CiRow[]> {
    if (list.length === 0) return [];
    const rows = this.sql.stmt(`SELECT ${CI_COLUMNS} FROM configuration_items WHERE id IN (SELECT value FROM json_each(?))`).all(ids(list));
    return (rows as Array<Json<CiRow, 'attributes'>>).map(toCi);
  }

  async tagsOf(list: readonly string[]): Promise<Map<string, Tag[]>> {
    const map = new Map<string, Tag[]>(list.map((id) => [id, []]));
    if (list.length === 0) return map;
    const rows = this.sql
      .stmt('SELECT ci_id, key, value FROM ci_tags WHERE ci_id IN (SELECT value FROM json_each(?)) ORDER BY key, value')
      .all(ids(list)) as Array<Tag & { ci_id: string }>;
    for (const r of rows) map.get(r.ci_id)?.push({ key: r.key, value: r.value });
    return map;
  }

  async insertCi(row: CiRow): Promise<void> {
    this.sql
      .stmt(
        `INSERT INTO configuration_items (${CI_COLUMNS}) VALUES (@id, @type, @name, @environment, @status, @owner, @team, @criticality, @attributes, @source, @external_id, @version, @created_at, @updated_at, @retired_at)`,
      )
      .run({ ...row, attributes: JSON.stringify(row.attributes) });
  }

  async updateCi(row: CiRow, expectedVersion: number): Promise<boolean> {
    const result = this.sql
      .stmt(
        `UPDATE configuration_items SET type = @type, name = @name, environment = @environment, status = @status, owner = @owner, team = @team,
           criticality = @criticality, attributes = @attributes, source = @source, external_id = @external_id, version = @version,
           updated_at = @updated_at, retired_at = @retired_at
         WHERE id = @id AND version = @expected`,
      )
      .run({ ...row, attributes: JSON.stringify(row.attributes), expected: expectedVersion });
    return result.changes === 1;
  }

  async deleteCi(id: string): Promise<void> {
    this.sql.stmt('DELETE FROM configuration_items WHERE id = ?').run(id);
  }

  async replaceTags(ciId: string, tags: readonly Tag[]): Promise<void> {
    this.sql.stmt('DELETE FROM ci_tags WHERE ci_id = ?').run(ciId);
    const insert = this.sql.stmt('INSERT OR IGNORE INTO ci_tags (ci_id, key, value) VALUES (?, ?, ?)');
    for (const t of tags) insert.run(ciId, t.key, t.value);
  }

  async searchCis(f: CiFilter): Promise<Array<CiRow & { score: number | null }>> {
    const match = f.query === undefined ? undefined : fts5MatchExpression(f.query, f.match);
    if (f.query !== undefined && !match) return [];
    const p: Record<string, unknown> = { statuses: JSON.stringify(f.statuses), limit: f.limit };
    const where = ['ci.status IN (SELECT value FROM json_each(@statuses))'];
    const eq = (column: string, value: string | undefined, name: string) => {
      if (value === undefined) return;
      p[name] = value;
      where.push(`${column} = @${name}`);
    };
    eq('ci.type', f.type, 'type');
    eq('ci.environment', f.environment, 'environment');
    eq('ci.owner', f.owner, 'owner');
    eq('ci.team', f.team, 'team');
    if (f.name !== undefined) {
      p.name = containsPattern(f.name);
      where.push("ci.name LIKE @name ESCAPE '\\'");
    }
    if (f.tag) {
      Object.assign(p, { tag_key: f.tag.key, tag_value: f.tag.value ?? null });
      where.push('EXISTS (SELECT 1 FROM ci_tags t WHERE t.ci_id = ci.id AND t.key = @tag_key AND (@tag_value IS NULL OR t.value = @tag_value))');
    }
    if (f.attribute) {
      Object.assign(p, { attr_path: `$${f.attribute.path.map((k) => `."${k}"`).join('')}`, attr_value: f.attribute.equals });
      where.push(`(CASE json_type(ci.attributes, @attr_path) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN NULL
        ELSE CAST(json_extract(ci.attributes, @attr_path) AS TEXT) END) = @attr_value`);
    }
    let from = 'configuration_items ci';
    let order = 'ci.name, ci.id';
    let score = 'NULL';
    if (match) {
      p.match = match;
      from += ' JOIN configuration_items_fts ON configuration_items_fts.rowid = ci.rid';
      where.push('configuration_items_fts MATCH @match');
      order = 'bm25(configuration_items_fts, 4.0, 1.0, 1.0, 1.0, 1.0), ci.name, ci.id';
      score = '-bm25(configuration_items_fts, 4.0, 1.0, 1.0, 1.0, 1.0)';
    } else if (f.after) {
      Object.assign(p, { after_name: f.after.name, after_id: f.after.id });
      where.push('(ci.name, ci.id) > (@after_name, @after_id)');
    }
    const rows = this.sql
      .stmt(`SELECT ${qualified('ci', CI_COLUMNS)}, ${score} AS score FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit`)
      .all(p) as Array<Json<CiRow, 'attributes'> & { score: number | null }>;
    return rows.map((r) => ({ ...toCi(r), score: r.score }));
  }

  async addHistory(entry: Omit<HistoryEntry, 'id'>): Promise<void> {
    this.sql
      .stmt('INSERT INTO ci_history (ci_id, changed_at, actor, op, diff, reason) VALUES (@ci_id, @changed_at, @actor, @op, @diff, @reason)')
      .run({ ...entry, diff: JSON.stringify(entry.diff) });
  }

  async history(ciId: string, limit: number, beforeId?: number): Promise<HistoryEntry[]> {
    const rows = this.sql
      .stmt(
        'SELECT id, ci_id, changed_at, actor, op, diff, reason FROM ci_history WHERE ci_id = @ci AND (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit',
      )
      .all({ ci: ciId, before: beforeId ?? null, limit }) as Array<Json<HistoryEntry, 'diff'>>;
    return rows.map((r) => ({ ...r, diff: parse(r.diff) }));
  }

  async getRelationship(id: string): Promise<Relationship | undefined> {
    const row = this.sql.stmt(`SELECT ${REL_COLUMNS} FROM relationships WHERE id = ?`).get(id) as Json<Relationship, 'attributes'> | undefined;
    return row && toRel(row);
  }

  async findRelationship(sourceId: string, targetId: string, type: RelationshipType): Promise<Relationship | undefined> {
    const row = this.sql
      .stmt(`SELECT ${REL_COLUMNS} FROM relationships WHERE source_ci_id = ? AND target_ci_id = ? AND type = ?`)
      .get(sourceId, targetId, type) as Json<Relationship, 'attributes'> | undefined;
    return row && toRel(row);
  }

  async insertRelationship(r: Relationship): Promise<void> {
    this.sql
      .stmt(`INSERT INTO relationships (${REL_COLUMNS}) VALUES (@id, @source_ci_id, @target_ci_id, @type, @weight, @attributes, @created_at)`)
      .run({ ...r, attributes: JSON.stringify(r.attributes) });
  }

  async updateRelationship(id: string, weight: number, attributes: Record<string, unknown>): Promise<void> {
    this.sql.stmt('UPDATE relationships SET weight = ?, attributes = ? WHERE id = ?').run(weight, JSON.stringify(attributes), id);
  }

  async deleteRelationship(id: string): Promise<void> {
    this.sql.stmt('DELETE FROM relationships WHERE id = ?').run(id);
  }

  async relationshipsOf(ciId: string, limit: number): Promise<{ items: RelationshipView[]; outgoing: number; incoming: number }> {
    const side = (direction: 'outgoing' | 'incoming') => {
      const [mine, other] = direction === 'outgoing' ? ['source_ci_id', 'target_ci_id'] : ['target_ci_id', 'source_ci_id'];
      return `SELECT ${qualified('r', REL_COLUMNS)}, '${direction}' AS direction, o.id AS o_id, o.type AS o_type, o.name AS o_name, o.status AS o_status
              FROM relationships r JOIN configuration_items o ON o.id = r.${other} WHERE r.${mine} = @id`;
    };
    const rows = this.sql
      .stmt(`${side('outgoing')} UNION ALL ${side('incoming')} ORDER BY direction DESC, type, o_name, id LIMIT @limit`)
      .all({ id: ciId, limit }) as Array<
      Json<Relationship, 'attributes'> & { direction: 'outgoing' | 'incoming'; o_id: string; o_type: string; o_name: string; o_status: CiRow['status'] }
    >;
    const counts = this.sql
      .stmt(
        'SELECT (SELECT count(*) FROM relationships WHERE source_ci_id = @id) AS outgoing, (SELECT count(*) FROM relationships WHERE target_ci_id = @id) AS incoming',
      )
      .get({ id: ciId }) as { outgoing: number; incoming: number };
    const items = rows.map(({ direction, o_id, o_type, o_name, o_status, ...r }) => ({
      ...toRel(r),
      direction,
      other: { id: o_id, type: o_type, name: o_name, status: o_status },
    }));
    return { items, ...counts };
  }

  async relationshipsAmong(list: readonly string[], edgeTypes: readonly RelationshipType[]): Promise<Relationship[]> {
    if (list.length === 0) return [];
    const rows = this.sql
      .stmt(
        `SELECT ${REL_COLUMNS} FROM relationships WHERE type IN (${typeList(edgeTypes)})
           AND source_ci_id IN (SELECT value FROM json_each(@ids)) AND target_ci_id IN (SELECT value FROM json_each(@ids)) ORDER BY id`,
      )
      .all({ ids: ids(list) }) as Array<Json<Relationship, 'attributes'>>;
    return rows.map(toRel);
  }

  async impactWalk(rootId: string, o: WalkOptions): Promise<{ rows: WalkRow[]; truncated: boolean }> {
    const edges = impactEdgesSql(o, typeList);
    if (!edges) return { rows: [], truncated: false };
    // Cycle protection: a comma-delimited path of visited ids; the walk never re-enters one.
    // The LIMIT inside the recursive CTE caps how many rows the recursion ever produces.
    const rows = this.sql
      .stmt(
        `WITH RECURSIVE edges(cur, nxt, type, weight) AS (${edges}),
         walk(ci_id, depth, path, via, weight) AS (
           SELECT @root, 0, @root, '', 1.0
           UNION ALL
           SELECT e.nxt, w.depth + 1, w.path || ',' || e.nxt, w.via || CASE WHEN w.via = '' THEN '' ELSE ',' END || e.type, w.weight * e.weight
           FROM walk w JOIN edges e ON e.cur = w.ci_id JOIN configuration_items ci ON ci.id = e.nxt AND ci.status <> 'retired'
           WHERE w.depth < @max AND instr(',' || w.path || ',', ',' || e.nxt || ',') = 0
           LIMIT @cap
         )
         SELECT ci_id, depth, path, via, weight FROM walk WHERE depth > 0`,
      )
      .all({ root: rootId, max: o.maxDepth, cap: o.rowCap + 2 }) as Array<{ ci_id: string; depth: number; path: string; via: string; weight: number }>;
    const truncated = rows.length > o.rowCap;
    return {
      rows: rows.slice(0, o.rowCap).map((r) => ({ ...r, path: r.path.split(','), via: r.via.split(',') as RelationshipType[] })),
      truncated,
    };
  }

  async reach(rootId: string, o: ReachOptions): Promise<{ nodes: Array<{ id: string; depth: number }>; truncated: boolean }> {
    // UNION (not UNION ALL) drops repeated (ci, depth) rows, so cycles end and the walk stays within nodes × depth rows.
    const rows = this.sql
      .stmt(
        `WITH RECURSIVE edges(cur, nxt) AS (${reachEdgesSql(o, typeList(o.edgeTypes))}),
         reach(ci_id, depth) AS (
           SELECT @root, 0
           UNION
           SELECT e.nxt, r.depth + 1 FROM reach r JOIN edges e ON e.cur = r.ci_id
             JOIN configuration_items ci ON ci.id = e.nxt AND (@retired = 1 OR ci.status <> 'retired')
           WHERE r.depth < @depth
         )
         SELECT ci_id AS id, min(depth) AS depth FROM reach GROUP BY ci_id ORDER BY min(depth), ci_id LIMIT @cap`,
      )
      .all({ root: rootId, depth: o.depth, retired: o.includeRetired ? 1 : 0, cap: o.nodeCap + 1 }) as Array<{ id: string; depth: number }>;
    return { nodes: rows.slice(0, o.nodeCap), truncated: rows.length > o.nodeCap };
  }
}
