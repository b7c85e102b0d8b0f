import type pg from 'pg';
import type { Approval, ApprovalStatus, ApprovalStore } from './types.js';

interface Row {
  id: string;
  tool: string;
  identity: string;
  arguments: Record<string, unknown>;
  reason: string;
  status: ApprovalStatus;
  requested_at: Date;
  expires_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  note: string | null;
}
const COLUMNS = 'id, tool, identity, arguments, reason, status, requested_at, expires_at, decided_at, decided_by, note';

export class PostgresApprovalStore implements ApprovalStore {
  constructor(private readonly pool: pg.Pool) {}

  async createApproval(a: Omit<Approval, 'status' | 'decidedAt' | 'decidedBy' | 'note'>): Promise<Approval> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO approvals (id, tool, identity, arguments, reason, status, requested_at, expires_at)
       VALUES ($1, $2, $3, $4::json, $5, 'pending', $6::timestamptz, $7::timestamptz) RETURNING ${COLUMNS}`,
      [a.id, a.tool, a.identity, JSON.stringify(a.arguments), a.reason, a.requestedAt, a.expiresAt],
    );
    return toApproval(rows[0]!);
  }

  async getApproval(id: string): Promise<Approval | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM approvals WHERE id = $1`, [id]);
    return rows[0] && toApproval(rows[0]);
  }

  async listApprovals(status?: ApprovalStatus, limit = 100): Promise<Approval[]> {
    const { rows } = status
      ? await this.pool.query<Row>(`SELECT ${COLUMNS} FROM approvals WHERE status = $1 ORDER BY requested_at DESC LIMIT $2`, [status, limit])
      : await this.pool.query<Row>(`SELECT ${COLUMNS} FROM approvals ORDER BY requested_at DESC LIMIT $1`, [limit]);
    return rows.map(toApproval);
  }

  async decideApproval(id: string, status: Exclude<ApprovalStatus, 'pending'>, by: string, note?: string): Promise<Approval | undefined> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE approvals SET status = $2, decided_at = now(), decided_by = $3, note = $4 WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
      [id, status, by, note ?? null],
    );
    return rows[0] && toApproval(rows[0]);
  }
}

function toApproval(r: Row): Approval {
  return {
    id: r.id,
    tool: r.tool,
    identity: r.identity,
    arguments: r.arguments,
    reason: r.reason,
    status: r.status,
    requestedAt: r.requested_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    decidedBy: r.decided_by,
    note: r.note,
  };
}
