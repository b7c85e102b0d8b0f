import type Database from 'better-sqlite3';
import type { Approval, ApprovalStatus, ApprovalStore } from './types.js';

interface Row {
  id: string;
  tool: string;
  identity: string;
  arguments: string;
  reason: string;
  status: ApprovalStatus;
  requested_at: string;
  expires_at: string;
  decided_at: string | null;
  decided_by: string | null;
  note: string | null;
}
const COLUMNS = 'id, tool, identity, arguments, reason, status, requested_at, expires_at, decided_at, decided_by, note';

export class SqliteApprovalStore implements ApprovalStore {
  constructor(private readonly db: Database.Database) {}

  async createApproval(a: Omit<Approval, 'status' | 'decidedAt' | 'decidedBy' | 'note'>): Promise<Approval> {
    const row = this.db
      .prepare(
        `INSERT INTO approvals (id, tool, identity, arguments, reason, status, requested_at, expires_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING ${COLUMNS}`,
      )
      .get(a.id, a.tool, a.identity, JSON.stringify(a.arguments), a.reason, a.requestedAt, a.expiresAt) as Row;
    return toApproval(row);
  }

  async getApproval(id: string): Promise<Approval | undefined> {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM approvals WHERE id = ?`).get(id) as Row | undefined;
    return row && toApproval(row);
  }

  async listApprovals(status?: ApprovalStatus, limit = 100): Promise<Approval[]> {
    const rows = status
      ? this.db.prepare(`SELECT ${COLUMNS} FROM approvals WHERE status = ? ORDER BY requested_at DESC LIMIT ?`).all(status, limit)
      : this.db.prepare(`SELECT ${COLUMNS} FROM approvals ORDER BY requested_at DESC LIMIT ?`).all(limit);
    return (rows as Row[]).map(toApproval);
  }

  async decideApproval(id: string, status: Exclude<ApprovalStatus, 'pending'>, by: string, note?: string): Promise<Approval | undefined> {
    const row = this.db
      .prepare(`UPDATE approvals SET status = ?, decided_at = ?, decided_by = ?, note = ? WHERE id = ? AND status = 'pending' RETURNING ${COLUMNS}`)
      .get(status, new Date().toISOString(), by, note ?? null, id) as Row | undefined;
    return row && toApproval(row);
  }
}

function toApproval(r: Row): Approval {
  return {
    id: r.id,
    tool: r.tool,
    identity: r.identity,
    arguments: JSON.parse(r.arguments) as Record<string, unknown>,
    reason: r.reason,
    status: r.status,
    requestedAt: r.requested_at,
    expiresAt: r.expires_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    note: r.note,
  };
}
