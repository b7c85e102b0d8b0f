import { type ElicitFormParams, ElicitationUnavailableError, ForbiddenError, InputRequiredError, type ToolCall } from '@mcp/runtime';
import { redactArguments } from '../audit/redact.js';
import type { EventBus } from '../events/event-bus.js';
import { canonicalJson } from './canonical-json.js';
import type { Approval, ApprovalStore } from './types.js';

/**
 * Approvals asked of the calling client (MCP elicitation), beside the
 * operator's admin API. Both decide through `decideApproval` (pending →
 * decided, atomically), so whichever decides first wins and the row —
 * visible in the admin API, with `decidedBy: elicitation:<identity>` —
 * is the record of it.
 */

/** The inputRequests key of a 2026-07-28 approval question: it names the row across the client's retry. */
export const APPROVAL_KEY_PREFIX = 'io.mcp-fleet/approval:';

export interface ClientApprovalDeps {
  store: ApprovalStore;
  events: EventBus;
  wakeups: Map<string, () => void>;
}

type ElicitAnswer = Awaited<ReturnType<NonNullable<ToolCall['ctx']['elicit']>>>;

export function approvalQuestion(approval: Approval): ElicitFormParams {
  const args = JSON.stringify(approval.arguments, null, 2);
  return {
    message: [
      `A tool call needs your approval before it runs: ${approval.tool} (${approval.reason}).`,
      `Arguments (secret-looking values redacted):\n${args.length > 4_000 ? `${args.slice(0, 4_000)}…` : args}`,
      `Unanswered by ${approval.expiresAt}, it is denied.`,
    ].join('\n\n'),
    requestedSchema: {
      type: 'object',
      properties: {
        decision: { type: 'string', title: 'Decision', description: 'Run the call, or refuse it.', enum: ['approve', 'deny'] },
        note: { type: 'string', title: 'Note', description: 'Optional: why (kept with the decision).', maxLength: 500 },
      },
      required: ['decision'],
    },
  };
}

/** The client's answer as a decision: only an accepted "approve" runs the call. */
function decisionOf(answer: ElicitAnswer): { status: 'approved' | 'denied'; note: string | undefined } {
  const content = answer.content ?? {};
  const note = typeof content.note === 'string' && content.note.trim() ? content.note.trim().slice(0, 500) : undefined;
  if (answer.action === 'accept' && content.decision === 'approve') return { status: 'approved', note };
  if (answer.action === 'accept') return { status: 'denied', note };
  return { status: 'denied', note: note ?? `the user ${answer.action === 'decline' ? 'declined' : 'cancelled'} the approval request` };
}

/** Records the client's answer; the row as it stands (someone else may have decided first). */
async function record(approval: Approval, answer: ElicitAnswer, deps: ClientApprovalDeps): Promise<Approval> {
  const { status, note } = decisionOf(answer);
  const decided = await deps.store.decideApproval(approval.id, status, `elicitation:${approval.identity}`, note);
  if (decided) deps.events.publish('approval.decided', { ...decided });
  return decided ?? (await deps.store.getApproval(approval.id))!;
}

/**
 * Asks the client. Resolves with the decided row when the client answered
 * (2025-era sessions), with the InputRequiredError to return when the
 * client must answer in a retry (2026-07-28), or undefined when it cannot
 * be asked or did not answer — the operator and the timeout decide then.
 */
export async function askClient(
  call: ToolCall,
  approval: Approval,
  deps: ClientApprovalDeps,
  stop: AbortSignal,
): Promise<Approval | InputRequiredError | undefined> {
  const elicit = call.ctx.elicit;
  if (!elicit) return undefined;
  try {
    const timeoutMs = Math.max(1, Date.parse(approval.expiresAt) - Date.now());
    const answer = await elicit(approvalQuestion(approval), { key: `${APPROVAL_KEY_PREFIX}${approval.id}`, timeoutMs, signal: stop });
    const decided = await record(approval, answer, deps);
    deps.wakeups.get(approval.id)?.();
    return decided;
  } catch (error) {
    if (error instanceof InputRequiredError) return error;
    if (!(error instanceof ElicitationUnavailableError) && !stop.aborted) {
      call.ctx.logger.warn({ err: error, approval: approval.id }, 'asking the client for approval failed; waiting for an operator');
    }
    return undefined;
  }
}

/**
 * A 2026-07-28 retry carrying the answer to an approval asked in an earlier
 * round: the row it names, decided. The row must belong to this caller and
 * this very call (tool and arguments), so an answer cannot be replayed onto
 * another call. Undefined when the request carries no approval answer.
 */
export async function resumeFromClient(call: ToolCall, identity: string, deps: ClientApprovalDeps): Promise<Approval | undefined> {
  const req = call.ctx.mcp?.mcpReq;
  const responses = req?.inputResponses;
  const key = responses && Object.keys(responses).find((k) => k.startsWith(APPROVAL_KEY_PREFIX));
  if (!req || !responses || !key) return undefined;
  const approval = await deps.store.getApproval(key.slice(APPROVAL_KEY_PREFIX.length));
  const matches =
    approval &&
    approval.identity === identity &&
    approval.tool === call.tool.name &&
    canonicalJson(approval.arguments) === canonicalJson(redactArguments(call.args));
  if (!approval || !matches) {
    throw new ForbiddenError(
      `The approval answer sent with this call does not belong to it (unknown approval, or another caller, tool or arguments). ${call.tool.name} was not run.`,
      {
        hint: 'Call the tool again without inputResponses to be asked afresh.',
      },
    );
  }
  let decided = approval;
  if (approval.status === 'pending' && Date.parse(approval.expiresAt) <= Date.now()) {
    decided = (await expire(approval.id, deps, 'the client answered after the approval expired')) ?? approval;
  } else if (approval.status === 'pending' && call.ctx.elicit) {
    try {
      decided = await record(approval, await call.ctx.elicit(approvalQuestion(approval), { key }), deps);
    } catch (error) {
      // A malformed answer decides nothing: the row stays pending for an operator or the timeout.
      if (!(error instanceof ElicitationUnavailableError)) throw error;
    }
  }
  // Consumed here: the backend must not see the gateway's own question.
  delete responses[key];
  if (Object.keys(responses).length === 0) req.inputResponses = undefined;
  return decided;
}

/** Pending → timed_out; the decided row, or undefined when someone decided first. */
export async function expire(id: string, deps: ClientApprovalDeps, note: string): Promise<Approval | undefined> {
  const expired = await deps.store.decideApproval(id, 'timed_out', 'policy:timeout', note);
  if (expired) deps.events.publish('approval.decided', { ...expired });
  return expired ?? (await deps.store.getApproval(id));
}
