import { currentRequestContext, InputRequiredError, isToolError, ToolError, type ToolMiddleware } from '@mcp/runtime';
import type { AuditWriter } from './audit-writer.js';
import { redactArguments } from './redact.js';

/** Refusal text when the audit log cannot be written: calls fail closed. */
export const AUDIT_UNAVAILABLE = 'The audit log is unavailable, so the gateway refuses tool calls (fail closed)';

/**
 * Outermost governance middleware: every call that reaches the gateway's
 * chain — allowed, denied, rate-limited, failed — leaves one audit row, and
 * the caller gets its result only once that row is committed. While the last
 * write failed, calls are refused before they run; the refusal's own row is
 * the probe that closes the circuit again once the store is back.
 */
export function auditMiddleware(writer: AuditWriter): ToolMiddleware {
  return async (call, next) => {
    const started = performance.now();
    const record = (outcome: string, error: string | null) =>
      writer.append({
        at: new Date().toISOString(),
        identity: currentRequestContext()?.principal?.id ?? 'anonymous',
        tool: call.tool.name,
        arguments: redactArguments(call.args),
        outcome,
        error,
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
        traceId: call.ctx.trace.traceId,
        requestId: call.ctx.requestId,
        approval: typeof call.meta.approval === 'string' ? call.meta.approval : null,
      });
    const refuse = (cause: unknown): never => {
      throw new ToolError('upstream_unavailable', `${AUDIT_UNAVAILABLE}: ${cause instanceof Error ? cause.message : String(cause)}.`, {
        retryAfterSeconds: 5,
        hint: 'An operator must restore the gateway store; the call was not recorded.',
      });
    };

    if (!writer.healthy) {
      await record('refused_audit_unavailable', writer.lastError ?? 'audit store failing').catch(refuse);
      // The store answered again: this call was still refused, the next one runs.
      refuse(new Error('the previous audit write failed; retry'));
    }

    let outcome: string;
    let error: string | null = null;
    let thrown: unknown;
    let result: Awaited<ReturnType<typeof next>> | undefined;
    try {
      result = await next();
      outcome = result.isError ? 'error' : 'success';
      if (result.isError) error = textOf(result.content);
    } catch (e) {
      thrown = e;
      // input_required: a 2026-07-28 round that asks the client (an approval question), not a failure.
      outcome = isToolError(e) ? outcomeOf(e.code) : e instanceof InputRequiredError ? 'input_required' : 'error';
      error = e instanceof Error ? e.message : String(e);
    }
    await record(outcome, error).catch(refuse);
    if (thrown !== undefined) throw thrown;
    return result!;
  };
}

function outcomeOf(code: ToolError['code']): string {
  if (code === 'forbidden') return 'denied';
  if (code === 'rate_limited') return 'rate_limited';
  if (code === 'timeout' || code === 'cancelled') return code;
  return 'error';
}

function textOf(content: unknown): string | null {
  if (!Array.isArray(content)) return null;
  const text = content.map((c: { type?: string; text?: string }) => (c.type === 'text' ? c.text : '')).join(' ');
  return text.slice(0, 1_000) || null;
}
