import { randomUUID } from 'node:crypto';
import { currentRequestContext, ForbiddenError, InputRequiredError, type ToolCall, type ToolMiddleware } from '@mcp/runtime';
import { redactArguments } from '../audit/redact.js';
import type { EventBus } from '../events/event-bus.js';
import { carriedApproval, carryApproval } from './carried-approval.js';
import { askClient, expire, resumeFromClient } from './client-approval.js';
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
 * an `approval.requested` event, then a decision — from the calling client
 * when it supports elicitation (see client-approval.ts), from an operator
 * through the admin API, whichever comes first — or a timeout that denies.
 * The decision is left in `call.meta.approval`, which the audit middleware
 * records.
 */
export function approvalMiddleware(deps: ApprovalDeps): ToolMiddleware {
  return async (call, next) => {
    const reason = deps.policy(call);
    if (!reason) return next();
    const identity = currentRequestContext()?.principal?.id ?? 'anonymous';
    // A retry answering the backend's own questions after the call was approved.
    const carried = await carriedApproval(call, identity, deps.store);
    if (carried) {
      call.meta.approval = `approved by ${carried.decidedBy}`;
      return carryApproval(await next(), carried);
    }
    // A 2026-07-28 retry answering the question of an earlier round decides (or finds decided) that round's row.
    const resumed = await resumeFromClient(call, identity, deps);
    let decided: Approval;
    if (resumed && resumed.status !== 'pending') decided = resumed;
    else {
      const approval = resumed ?? (await requestApproval(call, identity, reason, deps));
      const outcome = await decide(call, approval, deps);
      if (outcome instanceof InputRequiredError) {
        // The client answers in its retry; unanswered, the row times out here like any other.
        call.meta.approval = 'awaiting_client';
        expireLater(approval, deps, call);
        throw outcome;
      }
      decided = outcome;
    }
    call.meta.approval = decided.status === 'timed_out' ? 'timed_out' : `${decided.status} by ${decided.decidedBy}`;
    if (decided.status === 'approved') return carryApproval(await next(), decided);
    const why =
      decided.status === 'timed_out'
        ? `nobody approved it within ${Math.round(deps.timeoutMs / 1000)} s`
        : `${decided.decidedBy} denied it${decided.note ? `: ${decided.note}` : ''}`;
    throw new ForbiddenError(`The call to ${call.tool.name} needed approval (${reason}) and was refused: ${why}. It was not run.`, {
      details: { approval: decided.id, status: decided.status },
    });
  };
}

async function requestApproval(call: ToolCall, identity: string, reason: string, deps: ApprovalDeps): Promise<Approval> {
  const now = Date.now();
  const approval = await deps.store.createApproval({
    id: randomUUID(),
    tool: call.tool.name,
    identity,
    arguments: redactArguments(call.args),
    reason,
    requestedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + deps.timeoutMs).toISOString(),
  });
  call.meta.approval = 'pending';
  deps.events.publish('approval.requested', { ...approval });
  call.ctx.logger.info({ approval: approval.id, reason }, 'tool call waits for approval');
  return approval;
}

/**
 * The client (when it can be asked) and the operator race; the first
 * decision stored wins. A 2026-07-28 client cannot be waited for: its
 * question comes back as the InputRequiredError to return.
 */
async function decide(call: ToolCall, approval: Approval, deps: ApprovalDeps): Promise<Approval | InputRequiredError> {
  const stop = new AbortController();
  let inputRequired: InputRequiredError | undefined;
  const asking = askClient(call, approval, deps, stop.signal).then((outcome) => {
    if (outcome instanceof InputRequiredError) {
      inputRequired = outcome;
      stop.abort();
      deps.wakeups.get(approval.id)?.();
    }
  });
  try {
    const decided = await waitForDecision(approval, call.ctx.signal, deps, stop.signal);
    return decided ?? inputRequired!;
  } finally {
    // Decided elsewhere (operator, timeout): withdraw the question still open on the client.
    stop.abort();
    await asking;
  }
}

/** Times out a row whose question went to a 2026-07-28 client, should its retry never come (this replica's timer). */
function expireLater(approval: Approval, deps: ApprovalDeps, call: ToolCall): void {
  const timer = setTimeout(
    () => {
      expire(approval.id, deps, 'the client did not answer the approval request in time').catch((error: unknown) => {
        call.ctx.logger.warn({ err: error, approval: approval.id }, 'could not time out an unanswered approval');
      });
    },
    Math.max(0, Date.parse(approval.expiresAt) - Date.now()),
  );
  timer.unref?.();
}

/** The decided row; undefined only when `interrupt` fired first (the question moved to the client's retry). */
async function waitForDecision(approval: Approval, signal: AbortSignal, deps: ApprovalDeps, interrupt?: AbortSignal): Promise<Approval | undefined> {
  const deadline = Date.parse(approval.expiresAt);
  const pollMs = deps.pollMs ?? 1000;
  try {
    for (;;) {
      const current = await deps.store.getApproval(approval.id);
      if (current && current.status !== 'pending') return current;
      if (interrupt?.aborted) return undefined;
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
