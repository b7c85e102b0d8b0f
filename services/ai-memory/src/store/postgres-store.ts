import type { Memory, MemoryHit, StoreHealth } from '../models.js';
import { websearchText } from './fts-query.js';
import { type AppliedMigration, iso, type Migration, Params, PgDb, type PgDbOptions, schemaVersionOf } from '@mcp/sql';
import { PostgresConversations } from './postgres-conversations.js';
import { migrations as defaultMigrations } from './schema.js';
import { duplicateContent } from './errors.js';
import type { MemoryListQuery, MemoryPatch, MemorySearch, MemorySelector, MemoryStore, NewMemory, PurgeCounts, PurgeOptions } from './types.js';

/** First key of the two-int advisory lock around migrations; the second is the schema, so schemas do not wait for each other. */
const MIGRATION_LOCK_CLASS = 0x6d656d; // "mem"

export interface PostgresStoreOptions extends PgDbOptions {
  /** Replaces the migration list (tests only). */
  migrations?: readonly Migration[];
}

const COLUMNS =
  'id, namespace, kind, content, tags, importance, source_message_id, content_hash, created_at, updated_at, last_accessed_at, access_count, expires_at, deleted_at';
const M_COLUMNS = COLUMNS.split(', ')
  .map((c) => `m.${c}`)
  .join(', ');

interface MemoryRow {
  id: string;
  namespace: string;
  kind: Memory['kind'];
  content: string;
  tags: string[];
  importance: number;
  source_message_id: string | null;
  content_hash: string;
  created_at: Date;
  updated_at: Date;
  last_accessed_at: Date | null;
  access_count: number;
  expires_at: Date | null;
  deleted_at: Date | null;
}

/** ai-memory on PostgreSQL: generated tsvector + GIN, websearch_to_tsquery, ts_rank_cd, ts_headline. */
export class PostgresMemoryStore extends PostgresConversations implements MemoryStore {
  readonly engine = 'postgres' as const;
  private readonly migrationList: readonly Migration[];

  constructor(options: PostgresStoreOptions) {
    super(new PgDb({ applicationName: 'mcp-ai-memory', ...options }, MIGRATION_LOCK_CLASS));
    this.migrationList = options.migrations ?? defaultMigrations;
  }

  async migrate(): Promise<void> {
    await this.pg.migrate(this.migrationList);
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    return this.pg.applied();
  }

  async health(): Promise<StoreHealth> {
    const [info] = await this.pg.query<{ version: string; who: string; fts: boolean }>(
      "SELECT version() AS version, current_user || '@' || current_database() AS who, to_tsvector('english', 'ok') <> ''::tsvector AS fts",
    );
    const [counts] = await this.pg.query<StoreHealth['counts']>(
      `SELECT (SELECT count(*) FROM memories)::int AS memories,
              (SELECT count(*) FROM memories WHERE deleted_at IS NULL AND (expires_at IS NULL OR expires_at > now()))::int AS active_memories,
              (SELECT count(*) FROM conversations)::int AS conversations, (SELECT count(*) FROM messages)::int AS messages`,
    );
    const applied = await this.pg.applied();
    return {
      engine: 'postgres',
      version: info!.version,
      identity: info!.who,
      schema_version: schemaVersionOf(applied),
      full_text: info!.fts,
      integrity: 'ok',
      counts: counts!,
    };
  }

  async close(): Promise<void> {
    await this.pg.close();
  }

  async storeMemory(memory: NewMemory, now: string): Promise<{ memory: Memory; created: boolean }> {
    // One atomic upsert; xmax = 0 tells a fresh insert from a conflict update.
    const [row] = await this.pg.query<MemoryRow & { inserted: boolean }>(
      `INSERT INTO memories AS m (id, namespace, kind, content, tags, importance, source_message_id, content_hash, created_at, updated_at, expires_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::timestamptz, $9::timestamptz, $10::timestamptz)
       ON CONFLICT (namespace, content_hash) DO UPDATE SET
         importance = greatest(m.importance, excluded.importance),
         tags = (SELECT coalesce(jsonb_agg(v ORDER BY v COLLATE "C"), '[]'::jsonb)
                 FROM (SELECT jsonb_array_elements_text(m.tags) AS v UNION SELECT jsonb_array_elements_text(excluded.tags)) t),
         expires_at = CASE WHEN m.expires_at IS NULL OR excluded.expires_at IS NULL THEN NULL ELSE greatest(m.expires_at, excluded.expires_at) END,
         source_message_id = coalesce(m.source_message_id, excluded.source_message_id),
         deleted_at = NULL,
         updated_at = excluded.updated_at
       RETURNING ${M_COLUMNS}, (m.xmax = 0) AS inserted`,
      [
        memory.id,
        memory.namespace,
        memory.kind,
        memory.content,
        JSON.stringify(memory.tags),
        memory.importance,
        memory.source_message_id,
        memory.content_hash,
        now,
        memory.expires_at,
      ],
    );
    const { inserted, ...rest } = row!;
    return { memory: toMemory(rest), created: inserted };
  }

  async getMemory(id: string, options: { includeInactive: boolean; touch: boolean; now: string }): Promise<Memory | undefined> {
    const active = 'deleted_at IS NULL AND (expires_at IS NULL OR expires_at > $2::timestamptz)';
    if (options.touch) {
      const [touched] = await this.pg.query<MemoryRow>(
        `UPDATE memories SET access_count = access_count + 1, last_accessed_at = $2::timestamptz WHERE id = $1 AND ${active} RETURNING ${COLUMNS}`,
        [id, options.now],
      );
      if (touched || !options.includeInactive) return touched && toMemory(touched);
    }
    const [row] = options.includeInactive
      ? await this.pg.query<MemoryRow>(`SELECT ${COLUMNS} FROM memories WHERE id = $1`, [id])
      : await this.pg.query<MemoryRow>(`SELECT ${COLUMNS} FROM memories WHERE id = $1 AND ${active}`, [id, options.now]);
    return row && toMemory(row);
  }

  async updateMemory(id: string, patch: MemoryPatch, now: string): Promise<Memory | undefined> {
    const p = new Params();
    const sets: string[] = [];
    for (const key of ['content', 'content_hash', 'kind', 'importance'] as const) {
      if (patch[key] !== undefined) sets.push(`${key} = ${p.add(patch[key])}`);
    }
    if (patch.expires_at !== undefined) sets.push(`expires_at = ${p.add(patch.expires_at)}::timestamptz`);
    if (patch.tags !== undefined) sets.push(`tags = ${p.add(JSON.stringify(patch.tags))}::jsonb`);
    const nowParam = p.add(now);
    sets.push(`updated_at = ${nowParam}::timestamptz`);
    const sql = `UPDATE memories SET ${sets.join(', ')} WHERE id = ${p.add(id)}
      AND deleted_at IS NULL AND (expires_at IS NULL OR expires_at > ${nowParam}::timestamptz) RETURNING ${COLUMNS}`;
    try {
      const [row] = await this.pg.query<MemoryRow>(sql, p.values);
      return row && toMemory(row);
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      const [clash] = await this.pg.query<{ id: string; deleted_at: Date | null }>(
        'SELECT id, deleted_at FROM memories WHERE content_hash = $2 AND namespace = (SELECT namespace FROM memories WHERE id = $1)',
        [id, patch.content_hash],
      );
      throw duplicateContent(clash);
    }
  }

  async searchMemories(query: MemorySearch, now: string): Promise<MemoryHit[]> {
    const text = websearchText(query.query, query.match);
    if (!text) return [];
    // Rank and limit first, then ts_headline on the few rows kept (it re-parses each document).
    const rows = await this.pg.query<MemoryRow & { rank: number; snippet: string }>(
      `SELECT hit.*, ts_headline('english', hit.content, hit.q, 'StartSel=**, StopSel=**, MaxWords=24, MinWords=8, MaxFragments=1') AS snippet
       FROM (
         SELECT ${M_COLUMNS}, ts_rank_cd(m.tsv, q) AS rank, q
         FROM memories m, websearch_to_tsquery('english', $1) AS q
         WHERE m.tsv @@ q AND m.namespace = $2 AND m.deleted_at IS NULL AND (m.expires_at IS NULL OR m.expires_at > $3::timestamptz)
           AND ($4::text IS NULL OR m.kind = $4) AND ($5::jsonb IS NULL OR m.tags @> $5::jsonb)
         ORDER BY rank DESC, m.id DESC LIMIT $6
       ) hit ORDER BY hit.rank DESC, hit.id DESC`,
      [text, query.namespace, now, query.kind ?? null, query.tags?.length ? JSON.stringify(query.tags) : null, query.limit],
    );
    if (rows.length > 0) {
      await this.pg.query('UPDATE memories SET access_count = access_count + 1, last_accessed_at = $1::timestamptz WHERE id = ANY($2::text[])', [
        now,
        rows.map((r) => r.id),
      ]);
    }
    return rows.map(({ rank, snippet, q: _q, ...row }: MemoryRow & { rank: number; snippet: string; q?: unknown }) => ({
      ...toMemory(row),
      access_count: row.access_count + 1,
      last_accessed_at: now,
      score: Number(rank),
      snippet,
    }));
  }

  async listMemories(query: MemoryListQuery, now: string): Promise<Memory[]> {
    const p = new Params();
    let where = `namespace = ${p.add(query.namespace)}`;
    if (!query.includeInactive) where += ` AND deleted_at IS NULL AND (expires_at IS NULL OR expires_at > ${p.add(now)}::timestamptz)`;
    if (query.kind) where += ` AND kind = ${p.add(query.kind)}`;
    if (query.tags?.length) where += ` AND tags @> ${p.add(JSON.stringify(query.tags))}::jsonb`;
    if (query.before) where += ` AND id < ${p.add(query.before)}`;
    const rows = await this.pg.query<MemoryRow>(`SELECT ${COLUMNS} FROM memories WHERE ${where} ORDER BY id DESC LIMIT ${p.add(query.limit)}`, p.values);
    return rows.map(toMemory);
  }

  async softDeleteMemories(selector: MemorySelector, options: { dryRun: boolean; now: string }): Promise<{ count: number; ids: string[] }> {
    const p = new Params();
    let where: string;
    if ('id' in selector) {
      where = `id = ${p.add(selector.id)} AND deleted_at IS NULL`;
    } else {
      where = `namespace = ${p.add(selector.namespace)} AND deleted_at IS NULL`;
      if (selector.kind) where += ` AND kind = ${p.add(selector.kind)}`;
      if (selector.tags?.length) where += ` AND tags @> ${p.add(JSON.stringify(selector.tags))}::jsonb`;
      if (selector.created_before) where += ` AND created_at < ${p.add(selector.created_before)}::timestamptz`;
    }
    const sql = options.dryRun
      ? `SELECT id FROM memories WHERE ${where}`
      : `UPDATE memories SET deleted_at = ${p.add(options.now)}::timestamptz, updated_at = $${p.values.length}::timestamptz WHERE ${where} RETURNING id`;
    const ids = (await this.pg.query<{ id: string }>(sql, p.values)).map((r) => r.id).sort();
    return { count: ids.length, ids };
  }

  async restoreMemory(id: string, now: string): Promise<Memory | undefined> {
    const [row] = await this.pg.query<MemoryRow>(
      `UPDATE memories SET deleted_at = NULL, updated_at = CASE WHEN deleted_at IS NULL THEN updated_at ELSE $2::timestamptz END WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, now],
    );
    return row && toMemory(row);
  }

  async purgeMemories(options: PurgeOptions): Promise<PurgeCounts> {
    const params = [options.namespace, options.now, options.olderThan ?? null];
    const base = 'namespace = $1 AND ($3::timestamptz IS NULL OR updated_at < $3::timestamptz)';
    const expired = 'expires_at IS NOT NULL AND expires_at <= $2::timestamptz';
    const classes: Array<[keyof PurgeCounts, string, boolean]> = [
      ['expired', expired, true],
      ['soft_deleted', `deleted_at IS NOT NULL AND NOT (${expired})`, options.includeSoftDeleted],
      ['active', `deleted_at IS NULL AND NOT (${expired})`, options.includeActive && options.olderThan !== undefined],
    ];
    return this.pg.tx(async (client) => {
      const counts: PurgeCounts = { expired: 0, soft_deleted: 0, active: 0 };
      for (const [name, predicate, enabled] of classes) {
        if (!enabled) continue;
        const where = `${base} AND ${predicate}`;
        if (options.dryRun) {
          const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM memories WHERE ${where}`, params);
          counts[name] = rows[0]!.n;
        } else {
          counts[name] = (await client.query(`DELETE FROM memories WHERE ${where}`, params)).rowCount ?? 0;
        }
      }
      return counts;
    });
  }
}

function toMemory(row: MemoryRow): Memory {
  return {
    ...row,
    source_message_id: row.source_message_id === null ? null : Number(row.source_message_id),
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
    last_accessed_at: iso(row.last_accessed_at),
    expires_at: iso(row.expires_at),
    deleted_at: iso(row.deleted_at),
  };
}
