export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'timed_out';

export interface Approval {
  id: string;
  tool: string;
  identity: string;
  /** Redacted, as in the audit log. */
  arguments: Record<string, unknown>;
  /** Why the policy asked (e.g. "annotated destructive"). */
  reason: string;
  status: ApprovalStatus;
  requestedAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  note: string | null;
}

export interface ApprovalStore {
  createApproval(a: Omit<Approval, 'status' | 'decidedAt' | 'decidedBy' | 'note'>): Promise<Approval>;
  getApproval(id: string): Promise<Approval | undefined>;
  listApprovals(status?: ApprovalStatus, limit?: number): Promise<Approval[]>;
  /** Pending → `status`, atomically; undefined when it was no longer pending (someone else decided). */
  decideApproval(id: string, status: Exclude<ApprovalStatus, 'pending'>, by: string, note?: string): Promise<Approval | undefined>;
}
