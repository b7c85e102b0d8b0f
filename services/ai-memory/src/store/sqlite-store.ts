import type { Memory, MemoryHit, StoreHealth } from '../models.js';
import { duplicateContent } from './errors.js';
import { fts5MatchExpression } from './fts-query.js';
import { type AppliedMigration, type Migration, SqliteDb, schemaVersionOf } from '@mcp/sql';
import { migrations as defaultMigrations } from './schema.js';
import { SqliteConversations } from './sqlite-conversations.js';
import { sqliteTagFilter } from './sqlite-db.js';
import type { MemoryListQuery, MemoryPatch, MemorySearch, MemorySelector, MemoryStore, NewMemory, PurgeCounts, PurgeOptions } from './types.js';

export const DEFAULT_SQLITE_PATH = './data/ai_memory.sqlite';

export interface SqliteStoreOptions {
  /** A file (created with its directory) or ':memory:'. */
  path: string;
  busyTimeoutMs?: number;
  /** Replaces the migration list (tests only). */
  migrations?: readonly Migration[];
}

const COLUMNS =
  'id, namespace, kind, content, tags, importance, source_message_id, content_hash, created_at, updated_at, last_accessed_at, access_count, expires_at, deleted_at';
const M_COLUMNS = COLUMNS.split(', ')
  .map((c) => `m.${c}`)
  .join(', ');
const ACTIVE = 'deleted_at IS NULL AND (expires_at IS NULL OR expires_at > @now)';

type MemoryRow = Omit<Memory, 'tags'> & { tags: string };

/** ai-memory on SQLite: FTS5 external-content tables, bm25 ranking, snippet(). */
export class SqliteMemoryStore extends SqliteConversations implements MemoryStore {
  readonly engine = 'sqlite' as const;
  private readonly migrationList: readonly Migration[];

  constructor(options: SqliteStoreOptions) {
    super(new SqliteDb(options.path, options.busyTimeoutMs));
    this.migrationList = options.migrations ?? defaultMigrations;
  }

  async migrate(): Promise<void> {
    this.sql.migrate(this.migrationList);
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    return this.sql.applied();
  }

  async health(): Promise<StoreHealth> {
    const { integrity, fts5, version } = this.sql.check();
    const now = new Date().toISOString();
    const counts = this.sql
      .stmt(
        `SELECT (SELECT count(*) FROM memories) AS memories, (SELECT count(*) FROM memories WHERE ${ACTIVE}) AS active_memories,
                (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM messages) AS messages`,
      )
      .get({ now }) as StoreHealth['counts'];
    return { engine: 'sqlite', version, identity: this.sql.path, schema_version: schemaVersionOf(this.sql.applied()), full_text: fts5, integrity, counts };
  }

  async close(): Promise<void> {
    this.sql.close();
  }

  async storeMemory(memory: NewMemory, now: string): Promise<{ memory: Memory; created: boolean }> {
    const params = { ...memory, tags: JSON.stringify(memory.tags), now };
    return this.sql.write(() => {
      const inserted = this.sql
        .stmt(
          `INSERT INTO memories (id, namespace, kind, content, tags, importance, source_message_id, content_hash, created_at, updated_at, expires_at)
           VALUES (@id, @namespace, @kind, @content, @tags, @importance, @source_message_id, @content_hash, @now, @now, @expires_at)
           ON CONFLICT (namespace, content_hash) DO NOTHING RETURNING ${COLUMNS}`,
        )
        .get(params) as MemoryRow | undefined;
      if (inserted) return { memory: toMemory(inserted), created: true };
      const merged = this.sql
        .stmt(
          `UPDATE memories SET
             importance = max(importance, @importance),
             tags = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(memories.tags) UNION SELECT value FROM json_each(@tags) ORDER BY value)),
             expires_at = CASE WHEN expires_at IS NULL OR @expires_at IS NULL THEN NULL ELSE max(expires_at, @expires_at) END,
             source_message_id = coalesce(source_message_id, @source_message_id),
             deleted_at = NULL,
             updated_at = @now
           WHERE namespace = @namespace AND content_hash = @content_hash RETURNING ${COLUMNS}`,
        )
        .get(params) as MemoryRow;
      return { memory: toMemory(merged), created: false };
    });
  }

  async getMemory(id: string, options: { includeInactive: boolean; touch: boolean; now: string }): Promise<Memory | undefined> {
    if (options.touch) {
      const touched = this.sql
        .stmt(`UPDATE memories SET access_count = access_count + 1, last_accessed_at = @now WHERE id = @id AND ${ACTIVE} RETURNING ${COLUMNS}`)
        .get({ id, now: options.now }) as MemoryRow | undefined;
      if (touched || !options.includeInactive) return touched && toMemory(touched);
    }
    const where = options.includeInactive ? 'id = @id' : `id = @id AND ${ACTIVE}`;
    const row = this.sql.stmt(`SELECT ${COLUMNS} FROM memories WHERE ${where}`).get({ id, now: options.now }) as MemoryRow | undefined;
    return row && toMemory(row);
  }

  async updateMemory(id: string, patch: MemoryPatch, now: string): Promise<Memory | undefined> {
    const sets: string[] = [];
    const params: Record<string, unknown> = { id, now };
    for (const key of ['content', 'content_hash', 'kind', 'importance', 'expires_at'] as const) {
      if (patch[key] !== undefined) {
        sets.push(`${key} = @${key}`);
        params[key] = patch[key];
      }
    }
    if (patch.tags !== undefined) {
      sets.push('tags = @tags');
      params.tags = JSON.stringify(patch.tags);
    }
    const sql = `UPDATE memories SET ${[...sets, 'updated_at = @now'].join(', ')} WHERE id = @id AND ${ACTIVE} RETURNING ${COLUMNS}`;
    try {
      const row = this.sql.stmt(sql).get(params) as MemoryRow | undefined;
      return row && toMemory(row);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      const clash = this.sql
        .stmt('SELECT id, deleted_at FROM memories WHERE content_hash = @hash AND namespace = (SELECT namespace FROM memories WHERE id = @id)')
        .get({ id, hash: patch.content_hash }) as { id: string; deleted_at: string | null } | undefined;
      throw duplicateContent(clash);
    }
  }

  async searchMemories(query: MemorySearch, now: string): Promise<MemoryHit[]> {
    const match = fts5MatchExpression(query.query, query.match);
    if (!match) return [];
    const params: Record<string, unknown> = { match, namespace: query.namespace, now, limit: query.limit, kind: query.kind ?? null };
    const rows = this.sql
      .stmt(
        `SELECT ${M_COLUMNS}, bm25(memories_fts, 1.0, 0.5) AS rank, snippet(memories_fts, 0, '**', '**', '…', 16) AS snippet
         FROM memories_fts JOIN memories m ON m.rid = memories_fts.rowid
         WHERE memories_fts MATCH @match AND m.namespace = @namespace AND m.deleted_at IS NULL AND (m.expires_at IS NULL OR m.expires_at > @now)
           AND (@kind IS NULL OR m.kind = @kind)${sqliteTagFilter('m.tags', query.tags, params)}
         ORDER BY rank LIMIT @limit`,
      )
      .all(params) as Array<MemoryRow & { rank: number; snippet: string }>;
    if (rows.length > 0) {
      this.sql
        .stmt('UPDATE memories SET access_count = access_count + 1, last_accessed_at = @now WHERE id IN (SELECT value FROM json_each(@ids))')
        .run({ now, ids: JSON.stringify(rows.map((r) => r.id)) });
    }
    return rows.map(({ rank, snippet, ...row }) => ({
      ...toMemory(row),
      access_count: row.access_count + 1,
      last_accessed_at: now,
      score: -rank,
      snippet,
    }));
  }

  async listMemories(query: MemoryListQuery, now: string): Promise<Memory[]> {
    const params: Record<string, unknown> = { namespace: query.namespace, now, limit: query.limit, kind: query.kind ?? null, before: query.before ?? null };
    const rows = this.sql
      .stmt(
        `SELECT ${COLUMNS} FROM memories
         WHERE namespace = @namespace${query.includeInactive ? '' : ` AND ${ACTIVE}`} AND (@kind IS NULL OR kind = @kind)
           AND (@before IS NULL OR id < @before)${sqliteTagFilter('tags', query.tags, params)}
         ORDER BY id DESC LIMIT @limit`,
      )
      .all(params) as MemoryRow[];
    return rows.map(toMemory);
  }

  async softDeleteMemories(selector: MemorySelector, options: { dryRun: boolean; now: string }): Promise<{ count: number; ids: string[] }> {
    const params: Record<string, unknown> = { now: options.now };
    let where: string;
    if ('id' in selector) {
      params.id = selector.id;
      where = 'id = @id AND deleted_at IS NULL';
    } else {
      Object.assign(params, { namespace: selector.namespace, kind: selector.kind ?? null, created_before: selector.created_before ?? null });
      where = `namespace = @namespace AND deleted_at IS NULL AND (@kind IS NULL OR kind = @kind)
               AND (@created_before IS NULL OR created_at < @created_before)${sqliteTagFilter('tags', selector.tags, params)}`;
    }
    const sql = options.dryRun
      ? `SELECT id FROM memories WHERE ${where} ORDER BY id`
      : `UPDATE memories SET deleted_at = @now, updated_at = @now WHERE ${where} RETURNING id`;
    const ids = (this.sql.stmt(sql).all(params) as Array<{ id: string }>).map((r) => r.id).sort();
    return { count: ids.length, ids };
  }

  async restoreMemory(id: string, now: string): Promise<Memory | undefined> {
    const row = this.sql
      .stmt(
        `UPDATE memories SET deleted_at = NULL, updated_at = CASE WHEN deleted_at IS NULL THEN updated_at ELSE @now END WHERE id = @id RETURNING ${COLUMNS}`,
      )
      .get({ id, now }) as MemoryRow | undefined;
    return row && toMemory(row);
  }

  async purgeMemories(options: PurgeOptions): Promise<PurgeCounts> {
    const params = { namespace: options.namespace, now: options.now, older: options.olderThan ?? null };
    const base = 'namespace = @namespace AND (@older IS NULL OR updated_at < @older)';
    const expired = 'expires_at IS NOT NULL AND expires_at <= @now';
    const classes: Array<[keyof PurgeCounts, string, boolean]> = [
      ['expired', expired, true],
      ['soft_deleted', `deleted_at IS NOT NULL AND NOT (${expired})`, options.includeSoftDeleted],
      ['active', `deleted_at IS NULL AND NOT (${expired})`, options.includeActive && options.olderThan !== undefined],
    ];
    return this.sql.write(() => {
      const counts: PurgeCounts = { expired: 0, soft_deleted: 0, active: 0 };
      for (const [name, predicate, enabled] of classes) {
        if (!enabled) continue;
        const where = `${base} AND ${predicate}`;
        counts[name] = options.dryRun
          ? (this.sql.stmt(`SELECT count(*) AS n FROM memories WHERE ${where}`).get(params) as { n: number }).n
          : this.sql.stmt(`DELETE FROM memories WHERE ${where}`).run(params).changes;
      }
      return counts;
    });
  }
}

function toMemory(row: MemoryRow): Memory {
  return { ...row, tags: JSON.parse(row.tags) as string[] };
}
