import { defineCounter, defineGauge } from '@mcp/runtime';

/** Audit rows that could not be written (calls fail closed meanwhile): alert `AuditWriteFailures`. */
const auditWriteFailures = defineCounter({
  name: 'mcp_audit_write_failures_total',
  help: 'Audit log rows that could not be written; tool calls fail closed until the store answers',
  labelNames: ['service'] as const,
});

/**
 * Approvals waiting for a person, as counted in the store (every replica
 * reports the store-wide figure, so the alert takes the max): alert `ApprovalBacklog`.
 */
const approvalsPending = defineGauge({
  name: 'mcp_approvals_pending',
  help: 'Tool calls waiting for a human approval decision',
  labelNames: ['service'] as const,
});

export function countAuditWriteFailures(rows: number): void {
  auditWriteFailures.inc({ service: 'gateway' }, rows);
}

export function setApprovalsPending(count: number): void {
  approvalsPending.set({ service: 'gateway' }, count);
}
