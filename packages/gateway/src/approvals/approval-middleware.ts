import { randomUUID } from 'node:crypto';
import { currentRequestContext, ForbiddenError, type ToolCall, type ToolMiddleware } from '@mcp/runtime';
import { redactArguments } from '../audit/redact.js';
import type { EventBus } from '../events/event-bus.js';
import type { Approval, ApprovalStore } from './types.js';

export interface ApprovalDeps {
  store: ApprovalStore;
  events: EventBus;
  policy: (call: ToolCall) => string | undefined;
  timeoutMs: number;
  /** How often a waiting call re-reads its row (decisions taken on other replicas). */
  pollMs?: number;
  /** Wakes waiters on this replica at once when the admin API decides here. */
  wakeups: Map<string, () => void>;
}

/**
 * Calls the policy selects wait for a person: a pending row in `approvals`,
 * an `approval.requested` event, then approve / deny through the admin API,
 * or a timeout that denies. The decision is left in `call.meta.approval`,
 * which the audit middleware records.
 */
export function approvalMiddleware(deps: ApprovalDeps): ToolMiddleware {
  return async (call, next) => {
    const reason = deps.policy(call);
    if (!reason) return next();
    const now = Date.now();
    const approval = await deps.store.createApproval({
      id: randomUUID(),
      tool: call.tool.name,
      identity: currentRequestContext()?.principal?.id ?? 'anonymous',
      arguments: redactArguments(call.args),
      reason,
      requestedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + deps.timeoutMs).toISOString(),
    });
    call.meta.approval = 'pending';
    deps.events.publish('approval.requested', { ...approval });
    call.ctx.logger.info({ approval: approval.id, reason }, 'tool call waits for approval');
    const decided = await waitForDecision(approval, call.ctx.signal, deps);
    call.meta.approval = decided.status === 'timed_out' ? 'timed_out' : `${decided.status} by ${decided.decidedBy}`;
    if (decided.status === 'approved') return next();
    const why =
      decided.status === 'timed_out'
        ? `nobody approved it within ${Math.round(deps.timeoutMs / 1000)} s`
        : `${decided.decidedBy} denied it${decided.note ? `: ${decided.note}` : ''}`;
    throw new ForbiddenError(`The call to ${call.tool.name} needed approval (${reason}) and was refused: ${why}. It was not run.`, {
      details: { approval: decided.id, status: decided.status },
    });
  };
}

async function waitForDecision(approval: Approval, signal: AbortSignal, deps: ApprovalDeps): Promise<Approval> {
  const deadline = Date.parse(approval.expiresAt);
  const pollMs = deps.pollMs ?? 1000;
  try {
    for (;;) {
      const current = await deps.store.getApproval(approval.id);
      if (current && current.status !== 'pending') return current;
      const left = deadline - Date.now();
      if (left <= 0 || signal.aborted) {
        const note = signal.aborted ? 'the caller went away or the tool timeout expired' : undefined;
        const expired = await deps.store.decideApproval(approval.id, 'timed_out', 'policy:timeout', note);
        // Undefined: a person decided in the meantime; their decision stands.
        const final = expired ?? (await deps.store.getApproval(approval.id))!;
        if (expired) deps.events.publish('approval.decided', { ...final });
        return final;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(pollMs, left));
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          deps.wakeups.delete(approval.id);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
        deps.wakeups.set(approval.id, done);
      });
    }
  } finally {
    deps.wakeups.delete(approval.id);
  }
}
