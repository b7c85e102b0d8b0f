import { inputRequired, rawResult, type ServerContext, type ToolContext } from '@mcp/runtime';

type McpRequest = ServerContext['mcpReq'];
export type ElicitParams = Parameters<McpRequest['elicitInput']>[0];
export type SamplingParams = Parameters<McpRequest['requestSampling']>[0];
export type ElicitAnswer = Awaited<ReturnType<McpRequest['elicitInput']>>;
export type SamplingAnswer = Awaited<ReturnType<McpRequest['requestSampling']>>;

/** Either the client's answer, or the result to return so the client asks and retries. */
export type Asked<T> = { answer: T } | { pending: ReturnType<typeof rawResult> };

/**
 * Asks the client something in whichever style its protocol generation has:
 * 2025-era sessions (what the conformance suite speaks) get a push-style
 * request on the call's own SSE stream; 2026-07-28 requests, which have no
 * server-to-client channel, get an `input_required` result and come back with
 * the answer in `inputResponses` under `key`.
 */
export async function elicit(ctx: ToolContext, key: string, params: ElicitParams): Promise<Asked<ElicitAnswer>> {
  const mcpReq = ctx.mcp.mcpReq;
  if (isModern(ctx)) {
    const answer = mcpReq.inputResponses?.[key];
    if (answer !== undefined) return { answer: answer as ElicitAnswer };
    const request = inputRequired.elicit(params as Parameters<typeof inputRequired.elicit>[0]);
    return { pending: rawResult(inputRequired({ inputRequests: { [key]: request } })) };
  }
  // relatedRequestId routes the request onto this call's POST stream, not the optional GET stream.
  return { answer: await mcpReq.elicitInput(params, { relatedRequestId: mcpReq.id, signal: ctx.signal }) };
}

export async function sample(ctx: ToolContext, key: string, params: SamplingParams): Promise<Asked<SamplingAnswer>> {
  const mcpReq = ctx.mcp.mcpReq;
  if (isModern(ctx)) {
    const answer = mcpReq.inputResponses?.[key];
    if (answer !== undefined) return { answer: answer as SamplingAnswer };
    return { pending: rawResult(inputRequired({ inputRequests: { [key]: inputRequired.createMessage(params) } })) };
  }
  return { answer: await mcpReq.requestSampling(params, { relatedRequestId: mcpReq.id, signal: ctx.signal }) };
}

/** 2026-07-28 requests carry the per-request `_meta` envelope; 2025-era ones never do. */
function isModern(ctx: ToolContext): boolean {
  return ctx.mcp.mcpReq.envelope !== undefined;
}
