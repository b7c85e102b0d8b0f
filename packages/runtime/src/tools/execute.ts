import type { CallToolResult, ContentBlock, ServerContext } from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import type { LargeResultHandler } from '../blocks/index.js';
import type { Logger } from '../logging/logger.js';
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

  return (tool, args, mcp) => {
    const request = currentRequestContext();
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, mcp.mcpReq.signal, options.shutdownSignal]);
    const requestId = request?.requestId ?? randomUUID();
    const span = startSpan(`tools/call ${tool.name}`, request?.trace, 'internal', { 'mcp.service': options.service, 'mcp.tool': tool.name });
    const trace = span.trace;
    const logger = (request?.logger ?? options.logger).child({ tool: tool.name });
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
        if (scoped.rateLimit) result._meta = { ...result._meta, rateLimit: scoped.rateLimit };
        span.setAttribute('mcp.outcome', String(call.meta.outcome ?? (result.isError ? 'error' : 'success')));
        span.end(result.isError ? String(call.meta.errorMessage ?? 'tool error') : undefined);
        return result;
      },
      (error: unknown) => {
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
