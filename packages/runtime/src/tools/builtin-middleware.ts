import type { CallToolResult } from '@modelcontextprotocol/server';
import { ToolError, TimeoutError } from '../errors/tool-errors.js';
import { inflightToolCalls, toolCallDuration, toolCallsTotal } from '../metrics/registry.js';
import { InputRequiredError } from './elicit.js';
import type { ToolMiddleware } from './middleware.js';

export type ToolOutcome = 'success' | 'error' | 'timeout' | 'cancelled' | 'invalid' | 'denied' | 'input_required';

export function errorResult(text: string, extra: Record<string, unknown> = {}): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true, ...extra };
}

/**
 * Outermost: one log line and one metric sample per call, with the outcome the
 * inner layers decided (`call.meta.outcome`) or derived from `isError`.
 */
export function observeMiddleware(service: string): ToolMiddleware {
  return async (call, next) => {
    const started = performance.now();
    inflightToolCalls.inc({ service });
    let result: CallToolResult | undefined;
    try {
      result = await next();
      return result;
    } finally {
      inflightToolCalls.dec({ service });
      const durationMs = performance.now() - started;
      const outcome = (call.meta.outcome as ToolOutcome | undefined) ?? (result?.isError ? 'error' : 'success');
      toolCallsTotal.inc({ service, tool: call.tool.name, outcome });
      toolCallDuration.observe({ service, tool: call.tool.name, outcome }, durationMs / 1000);
      const line = { outcome, duration_ms: Math.round(durationMs * 100) / 100 };
      if (outcome === 'success' || outcome === 'input_required') call.ctx.logger.info(line, 'tool call');
      else call.ctx.logger.warn({ ...line, error: call.meta.errorMessage }, 'tool call failed');
    }
  };
}

/**
 * Turns anything thrown below into an `isError` result. Typed ToolErrors carry
 * a message meant for the model; anything else is an internal error whose
 * details go to the log only — a stack trace or SQL text is not the caller's.
 */
export function errorMappingMiddleware(): ToolMiddleware {
  return async (call, next) => {
    try {
      return await next();
    } catch (error) {
      // The 2026-07-28 way of asking the client: the call's answer, not a failure.
      if (error instanceof InputRequiredError) {
        call.meta.outcome = 'input_required';
        return error.result as unknown as CallToolResult;
      }
      if (error instanceof ToolError) {
        call.meta.outcome = error.code === 'timeout' ? 'timeout' : error.code === 'cancelled' ? 'cancelled' : error.code === 'forbidden' ? 'denied' : 'error';
        call.meta.errorMessage = error.message;
        return errorResult(error.toText(), {
          _meta: {
            'io.mcp-fleet/error': {
              code: error.code,
              ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
              ...(error.details && { details: error.details }),
            },
          },
        });
      }
      if (call.ctx.signal.aborted && !(call.meta.timedOut === true)) {
        call.meta.outcome = 'cancelled';
        return errorResult(`Tool ${call.tool.name} was cancelled.`);
      }
      call.meta.outcome = 'error';
      call.meta.errorMessage = error instanceof Error ? error.message : String(error);
      call.ctx.logger.error({ err: error, tool: call.tool.name }, 'tool handler failed with an unexpected error');
      return errorResult(
        `Tool ${call.tool.name} failed with an internal error (request ${call.ctx.requestId}). The details are in the service log; retrying may not help.`,
      );
    }
  };
}

/**
 * Bounds a call's run time. On expiry the handler's signal is aborted (so
 * upstream requests stop) and the caller gets a timeout result at once, even
 * if the handler ignores its signal.
 */
export function timeoutMiddleware(defaultTimeoutMs: number): ToolMiddleware {
  return async (call, next) => {
    const timeoutMs = call.tool.timeoutMs ?? defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        call.meta.timedOut = true;
        const error = new TimeoutError(`Tool ${call.tool.name} did not finish within ${timeoutMs} ms and was stopped.`, {
          hint: 'Narrow the request (smaller page, shorter range) or try again later.',
        });
        call.abort(error);
        reject(error);
      }, timeoutMs);
      timer.unref?.();
    });
    try {
      return await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
