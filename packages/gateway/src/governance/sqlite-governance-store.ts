import type Database from 'better-sqlite3';
import type { ApiKeyRecord, AuditEntry, AuditKind, AuditQuery, AuditRow, GovernanceStore, KeyScopes } from './types.js';

interface KeyRow {
  id: string;
  name: string;
  scopes: string;
  created_at: string;
  revoked_at: string | null;
}
interface AuditDbRow {
  id: number;
  kind: AuditKind;
  at: string;
  identity: string;
  tool: string;
  arguments: string;
  outcome: string;
  error: string | null;
  latency_ms: number;
  trace_id: string | null;
  request_id: string | null;
  approval: string | null;
}

const KEY_COLUMNS = 'id, name, scopes, created_at, revoked_at';
const AUDIT_COLUMNS = 'id, kind, at, identity, tool, arguments, outcome, error, latency_ms, trace_id, request_id, approval';

/** api_keys and audit_log on the SqliteStore's own connection (so ':memory:' works too). */
export class SqliteGovernanceStore implements GovernanceStore {
  // Prepared on first append (the table exists only after migrate()), then
  // reused: at one call at a time every call is its own batch, and preparing
  // the INSERT and wrapping the transaction per batch showed in its profile.
  private appendBatch: ((entries: readonly AuditEntry[]) => void) | undefined;

  constructor(private readonly db: Database.Database) {}

  async createApiKey(input: { id: string; name: string; keyHash: string; scopes: KeyScopes }): Promise<ApiKeyRecord> {
    const row = this.db
      .prepare(`INSERT INTO api_keys (id, name, key_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?) RETURNING ${KEY_COLUMNS}`)
      .get(input.id, input.name, input.keyHash, JSON.stringify(input.scopes), new Date().toISOString()) as KeyRow;
    return toKey(row);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (this.db.prepare(`SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`).all() as KeyRow[]).map(toKey);
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = this.db.prepare(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`).get(keyHash) as KeyRow | undefined;
    return row && toKey(row);
  }

  async revokeApiKey(id: string): Promise<boolean> {
    return this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(new Date().toISOString(), id).changes > 0;
  }

  async countActiveApiKeys(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NULL').get() as { n: number }).n;
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (!this.appendBatch) {
      const insert = this.db.prepare(
        'INSERT INTO audit_log (kind, at, identity, tool, arguments, outcome, error, latency_ms, trace_id, request_id, approval) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      // One transaction per batch: all rows or none, and one fsync instead of N.
      const tx = this.db.transaction((batch: readonly AuditEntry[]) => {
        for (const e of batch) {
          insert.run(
            e.kind ?? 'tool_call',
            e.at,
            e.identity,
            e.tool,
            JSON.stringify(e.arguments),
            e.outcome,
            e.error,
            e.latencyMs,
            e.traceId,
            e.requestId,
            e.approval,
          );
        }
      });
      this.appendBatch = (batch) => tx.immediate(batch);
    }
    this.appendBatch(entries);
  }

  async queryAudit(query: AuditQuery): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (query.kind) add('kind = ?', query.kind);
    if (query.identity) add('identity = ?', query.identity);
    if (query.tool) add('tool = ?', query.tool);
    if (query.outcome) add('outcome = ?', query.outcome);
    // Timestamps are stored as ISO strings in UTC, so text order is time order.
    if (query.since) add('at >= ?', new Date(query.since).toISOString());
    if (query.until) add('at <= ?', new Date(query.until).toISOString());
    if (query.before !== undefined) add('id < ?', query.before);
    const sql = `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, query.limit ?? 100) as AuditDbRow[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      at: r.at,
      identity: r.identity,
      tool: r.tool,
      arguments: JSON.parse(r.arguments) as Record<string, unknown>,
      outcome: r.outcome,
      error: r.error,
      latencyMs: r.latency_ms,
      traceId: r.trace_id,
      requestId: r.request_id,
      approval: r.approval,
    }));
  }

  async countAudit(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  }
}

function toKey(row: KeyRow): ApiKeyRecord {
  return { id: row.id, name: row.name, scopes: JSON.parse(row.scopes) as KeyScopes, createdAt: row.created_at, revokedAt: row.revoked_at };
}
