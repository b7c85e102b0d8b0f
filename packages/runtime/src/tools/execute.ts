import type { CallToolResult, ContentBlock, ServerContext } from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import type { LargeResultHandler } from '../blocks/index.js';
import type { Logger } from '../logging/logger.js';
import { requestChildLogger } from '../logging/request-logger.js';
import { currentRequestContext, type RequestContext, runWithRequestContext } from '../tracing/request-context.js';
import { startSpan } from '../tracing/spans.js';
import { errorMappingMiddleware, observeMiddleware, timeoutMiddleware } from './builtin-middleware.js';
import { type AnyToolDefinition, isContentResult, isRawResult, type ToolContext } from './define-tool.js';
import { createElicit } from './elicit.js';
import { composeMiddleware, type ToolCall, type ToolMiddleware } from './middleware.js';

export interface ToolExecutorOptions {
  service: string;
  client: unknown;
  logger: Logger;
  defaultTimeoutMs: number;
  /** Extra middlewares (services, the gateway), run inside error mapping and timeout. */
  middlewares: readonly ToolMiddleware[];
  largeResults?: LargeResultHandler;
  /** Aborted at shutdown: every running handler sees it. */
  shutdownSignal: AbortSignal;
}

export type ToolExecutor = (tool: AnyToolDefinition, args: Record<string, unknown>, mcp: ServerContext) => Promise<CallToolResult>;

/**
 * Builds the function every registered tool runs through: context, the
 * middleware chain, the handler, output rendering and large-result hand-off.
 * Built once per service, shared by every MCP server instance.
 */
export function createToolExecutor(options: ToolExecutorOptions): ToolExecutor {
  const chain = composeMiddleware(
    [observeMiddleware(options.service), errorMappingMiddleware(), timeoutMiddleware(options.defaultTimeoutMs), ...options.middlewares],
    (call) => runHandler(call, options.largeResults),
  );

  // Each call's controller follows the request's signal and the shutdown signal. Not AbortSignal.any:
  // its per-call weak-reference bookkeeping was ~2 % of a call's CPU (bench/RESULTS.md) plus GC work.
  // Shutdown reaches the running calls through this set, not a listener per call on a signal that
  // lives as long as the service.
  const running = new Set<AbortController>();
  const { shutdownSignal } = options;
  shutdownSignal.addEventListener(
    'abort',
    () => {
      for (const controller of running) controller.abort(shutdownSignal.reason);
      running.clear();
    },
    { once: true },
  );

  return (tool, args, mcp) => {
    const request = currentRequestContext();
    const controller = new AbortController();
    const requestSignal = mcp.mcpReq.signal;
    if (shutdownSignal.aborted) controller.abort(shutdownSignal.reason);
    else if (requestSignal.aborted) controller.abort(requestSignal.reason);
    else {
      running.add(controller);
      // The request's signal lives as long as the request: its listener goes with it.
      requestSignal.addEventListener('abort', () => controller.abort(requestSignal.reason), { once: true });
    }
    const signal = controller.signal;
    const requestId = request?.requestId ?? randomUUID();
    const span = startSpan(`tools/call ${tool.name}`, request?.trace, 'internal', { 'mcp.service': options.service, 'mcp.tool': tool.name });
    const trace = span.trace;
    const logger = requestChildLogger(request, options.logger, { tool: tool.name });
    const progressToken = mcp.mcpReq._meta?.progressToken;
    const ctx: ToolContext = {
      client: options.client,
      signal,
      logger,
      requestId,
      trace,
      tool: tool.name,
      mcp,
      elicit: createElicit(mcp, signal),
      progress: async (progress, total, message) => {
        if (progressToken === undefined) return;
        await mcp.mcpReq.notify({
          method: 'notifications/progress',
          params: { progressToken, progress, ...(total !== undefined && { total }), ...(message !== undefined && { message }) },
        });
      },
    };
    const call: ToolCall = { tool, args, ctx, meta: {}, abort: (reason) => controller.abort(reason) };
    // Upstream calls made by the handler are children of the tool span.
    const scoped: RequestContext = { requestId, trace, logger, ...(request?.principal && { principal: request.principal }) };
    return runWithRequestContext(scoped, () => chain(call)).then(
      (result) => {
        running.delete(controller);
        if (scoped.rateLimit) result._meta = { ...result._meta, rateLimit: scoped.rateLimit };
        span.setAttribute('mcp.outcome', String(call.meta.outcome ?? (result.isError ? 'error' : 'success')));
        span.end(result.isError ? String(call.meta.errorMessage ?? 'tool error') : undefined);
        return result;
      },
      (error: unknown) => {
        running.delete(controller);
        span.end(error);
        throw error;
      },
    );
  };
}

async function runHandler(call: ToolCall, largeResults: LargeResultHandler | undefined): Promise<CallToolResult> {
  const returned = await call.tool.handler(call.args, call.ctx);
  if (isRawResult(returned)) return returned.result as CallToolResult;
  const output = isContentResult(returned) ? returned.output : returned;
  const text = call.tool.render ? call.tool.render(output) : JSON.stringify(output, null, 2);
  const content: ContentBlock[] = isContentResult(returned) ? returned.content : [{ type: 'text', text }];

  if (largeResults && call.tool.largeResult) {
    const serialized = JSON.stringify(output);
    const offload = await largeResults.maybeOffload(serialized, { tool: call.tool.name, mimeType: 'application/json' });
    if (offload.offloaded) {
      call.meta.offloaded = offload.uri;
      const structuredContent = {
        truncated: true as const,
        preview: offload.preview,
        resource: { uri: offload.uri, ...offload.meta },
      };
      return {
        content: [{ type: 'text', text: `${offload.link.description}\n\nPreview:\n${offload.preview}` }, offload.link],
        structuredContent,
      };
    }
  }
  return { content, structuredContent: output as Record<string, unknown> };
}
