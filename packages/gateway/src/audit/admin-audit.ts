import type { Logger } from '@mcp/runtime';
import type { AuditEntry } from '../governance/types.js';

/** One admin or system action for the audit log; `action` goes in the `tool` column (e.g. `flag.changed`). */
export interface AdminAction {
  kind: 'admin' | 'system';
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

export class AdminAuditUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The audit log is unavailable, so the change was refused: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'AdminAuditUnavailableError';
  }
}

/**
 * Writes admin and system actions to the same audit log as tool calls (same
 * writer, so batching and failure metrics are shared). Admin API changes are
 * written BEFORE they are applied and refused when the row cannot be
 * committed (fail closed, like tool calls); automatic actions (a canary
 * rollback) never wait on the store: their row is written in the background
 * and a failure is logged and counted by the writer.
 */
export class AdminAudit {
  constructor(
    private readonly append: (entry: AuditEntry) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the row is committed; rejects with AdminAuditUnavailableError otherwise. */
  async record(action: AdminAction): Promise<void> {
    try {
      await this.append(toEntry(action));
    } catch (error) {
      throw new AdminAuditUnavailableError(error);
    }
  }

  /** Fire and forget, for actions that must happen whatever the store does. */
  recordInBackground(action: AdminAction): void {
    this.append(toEntry(action)).catch((error: unknown) =>
      this.logger.error({ err: error, action: action.action, actor: action.actor }, 'audit entry of a system action could not be written'),
    );
  }
}

function toEntry(action: AdminAction): AuditEntry {
  return {
    kind: action.kind,
    at: new Date().toISOString(),
    identity: action.actor,
    tool: action.action,
    arguments: action.details,
    outcome: 'success',
    error: null,
    latencyMs: 0,
    traceId: null,
    requestId: null,
    approval: null,
  };
}
