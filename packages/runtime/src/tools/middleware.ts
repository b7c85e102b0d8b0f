import type { CallToolResult } from '@modelcontextprotocol/server';
import type { AnyToolDefinition, ToolContext } from './define-tool.js';

/** One tool call as it travels the middleware chain. */
export interface ToolCall {
  tool: AnyToolDefinition;
  /** Arguments as validated by the tool's input schema. */
  args: Record<string, unknown>;
  ctx: ToolContext;
  /** Free-form annotations middlewares leave for each other (e.g. approval decision). */
  meta: Record<string, unknown>;
  /** Aborts the handler's signal (timeouts, vetoes after start). */
  abort(reason: Error): void;
}

export type ToolNext = () => Promise<CallToolResult>;

/**
 * Koa-style middleware around a tool call. It may inspect or change the call,
 * short-circuit with its own result, or post-process the result of `next()`.
 */
export type ToolMiddleware = (call: ToolCall, next: ToolNext) => Promise<CallToolResult>;

/** Simpler hooks for code that only observes or vetoes (throw a ToolError to veto). */
export interface ToolHooks {
  before?: (call: ToolCall) => void | Promise<void>;
  after?: (call: ToolCall, result: CallToolResult) => void | Promise<void>;
}

export function hooksToMiddleware(hooks: ToolHooks): ToolMiddleware {
  return async (call, next) => {
    await hooks.before?.(call);
    const result = await next();
    await hooks.after?.(call, result);
    return result;
  };
}

/** Composes middlewares outermost-first around a terminal handler. */
export function composeMiddleware(middlewares: readonly ToolMiddleware[], terminal: (call: ToolCall) => Promise<CallToolResult>) {
  return (call: ToolCall): Promise<CallToolResult> => {
    let index = -1;
    const dispatch = (i: number): Promise<CallToolResult> => {
      if (i <= index) return Promise.reject(new Error('next() called more than once in a tool middleware'));
      index = i;
      const middleware = middlewares[i];
      if (!middleware) return terminal(call);
      return middleware(call, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
