import type pg from 'pg';
import type { ApiKeyRecord, AuditEntry, AuditKind, AuditQuery, AuditRow, GovernanceStore, KeyScopes } from './types.js';

interface KeyRow {
  id: string;
  name: string;
  scopes: KeyScopes;
  created_at: Date;
  revoked_at: Date | null;
}
interface AuditDbRow {
  id: string;
  kind: AuditKind;
  at: Date;
  identity: string;
  tool: string;
  arguments: Record<string, unknown>;
  outcome: string;
  error: string | null;
  latency_ms: number;
  trace_id: string | null;
  request_id: string | null;
  approval: string | null;
}

const KEY_COLUMNS = 'id, name, scopes, created_at, revoked_at';
const AUDIT_COLUMNS = 'id, kind, at, identity, tool, arguments, outcome, error, latency_ms, trace_id, request_id, approval';
const AUDIT_FIELDS = 11;

/** api_keys and audit_log on the PostgresStore's pool. */
export class PostgresGovernanceStore implements GovernanceStore {
  constructor(private readonly pool: pg.Pool) {}

  async createApiKey(input: { id: string; name: string; keyHash: string; scopes: KeyScopes }): Promise<ApiKeyRecord> {
    const { rows } = await this.pool.query<KeyRow>(`INSERT INTO api_keys (id, name, key_hash, scopes) VALUES ($1, $2, $3, $4::json) RETURNING ${KEY_COLUMNS}`, [
      input.id,
      input.name,
      input.keyHash,
      JSON.stringify(input.scopes),
    ]);
    return toKey(rows[0]!);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`);
    return rows.map(toKey);
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.pool.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [keyHash]);
    return rows[0] && toKey(rows[0]);
  }

  async revokeApiKey(id: string): Promise<boolean> {
    const result = await this.pool.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
    return (result.rowCount ?? 0) > 0;
  }

  async countActiveApiKeys(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NULL');
    return Number(rows[0]!.n);
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One multi-row INSERT per batch: atomic, one round trip.
    const params: unknown[] = [];
    const tuples = entries.map((e, i) => {
      params.push(
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
      const b = i * AUDIT_FIELDS;
      return `($${b + 1}, $${b + 2}::timestamptz, $${b + 3}, $${b + 4}, $${b + 5}::json, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10}, $${b + 11})`;
    });
    await this.pool.query(
      `INSERT INTO audit_log (kind, at, identity, tool, arguments, outcome, error, latency_ms, trace_id, request_id, approval) VALUES ${tuples.join(', ')}`,
      params,
    );
  }

  async queryAudit(query: AuditQuery): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.kind) add((p) => `kind = ${p}`, query.kind);
    if (query.identity) add((p) => `identity = ${p}`, query.identity);
    if (query.tool) add((p) => `tool = ${p}`, query.tool);
    if (query.outcome) add((p) => `outcome = ${p}`, query.outcome);
    if (query.since) add((p) => `at >= ${p}::timestamptz`, query.since);
    if (query.until) add((p) => `at <= ${p}::timestamptz`, query.until);
    if (query.before !== undefined) add((p) => `id < ${p}`, query.before);
    params.push(query.limit ?? 100);
    const { rows } = await this.pool.query<AuditDbRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      kind: r.kind,
      at: r.at.toISOString(),
      identity: r.identity,
      tool: r.tool,
      arguments: r.arguments,
      outcome: r.outcome,
      error: r.error,
      latencyMs: r.latency_ms,
      traceId: r.trace_id,
      requestId: r.request_id,
      approval: r.approval,
    }));
  }

  async countAudit(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_log');
    return Number(rows[0]!.n);
  }
}

function toKey(row: KeyRow): ApiKeyRecord {
  return { id: row.id, name: row.name, scopes: row.scopes, createdAt: row.created_at.toISOString(), revokedAt: row.revoked_at?.toISOString() ?? null };
}
