import type { CallToolResult, ToolCall } from '@mcp/runtime';
import { redactArguments } from '../audit/redact.js';
import { canonicalJson } from './canonical-json.js';
import type { Approval, ApprovalStore } from './types.js';

/**
 * An approved 2026-07-28 call whose backend then asks its own questions
 * (`input_required`): the client's retry answers the backend, not the
 * gateway, and would otherwise need a fresh approval — and the fresh
 * approval's retry would drop the backend's answers: a loop. So the approval
 * rides along in `requestState`: wrapped around the backend's own state on
 * the way out, unwrapped (and re-checked against its row) on the way back.
 */
const PREFIX = 'mcpgw-approval.v1:';

/** How long after its decision an approval carries over to the retries of the same call. */
export const CARRY_MS = 15 * 60_000;

interface Carried {
  approval: string;
  inner?: string;
}

/** Wraps the approval around a backend's `input_required` result; other results pass unchanged. */
export function carryApproval(result: CallToolResult, approval: Approval): CallToolResult {
  const r = result as CallToolResult & { resultType?: string; requestState?: string };
  if (r.resultType !== 'input_required') return result;
  const carried: Carried = { approval: approval.id, ...(r.requestState !== undefined && { inner: r.requestState }) };
  return { ...r, requestState: `${PREFIX}${Buffer.from(JSON.stringify(carried)).toString('base64url')}` } as CallToolResult;
}

/**
 * The approval a retry carries, once checked: it exists, was approved less
 * than CARRY_MS ago, for this caller, this tool and these arguments. The
 * state is the client's input (attacker-controlled), so the row decides, not
 * the state. The backend's own state is put back where the federation
 * reads it; undefined when the retry carries no (valid) approval.
 */
export async function carriedApproval(call: ToolCall, identity: string, store: ApprovalStore): Promise<Approval | undefined> {
  const req = call.ctx.mcp?.mcpReq;
  const raw = req?.requestState?.<unknown>();
  if (!req || typeof raw !== 'string' || !raw.startsWith(PREFIX)) return undefined;
  let carried: Carried;
  try {
    carried = JSON.parse(Buffer.from(raw.slice(PREFIX.length), 'base64url').toString('utf8')) as Carried;
  } catch {
    return undefined;
  }
  if (typeof carried?.approval !== 'string') return undefined;
  // The backend must see its own state, never the gateway's wrapper (also when the approval no longer holds).
  const inner = typeof carried.inner === 'string' ? carried.inner : undefined;
  req.requestState = (() => inner) as typeof req.requestState;
  const row = await store.getApproval(carried.approval);
  const valid =
    row?.status === 'approved' &&
    row.decidedAt !== null &&
    Date.now() - Date.parse(row.decidedAt) < CARRY_MS &&
    row.identity === identity &&
    row.tool === call.tool.name &&
    canonicalJson(row.arguments) === canonicalJson(redactArguments(call.args));
  return valid ? row : undefined;
}
