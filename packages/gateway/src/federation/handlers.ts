import { currentRequestContext, formatTraceparent, isToolError, type McpServer, type ServerContext, startSpan } from '@mcp/runtime';
import { ProtocolError } from '@modelcontextprotocol/client';
import type { CallOptions } from '../backends/backend.js';
import { RPC_INTERNAL_ERROR, RPC_INVALID_PARAMS, RPC_RESOURCE_NOT_FOUND, RpcError } from '../backends/errors.js';
import { type FederatedIndex, resolveUri } from './catalog-index.js';
import { exposerFor, rewritePromptResult, rewriteReadResult } from './rewrite.js';
import type { GatewaySubscriptions } from './subscriptions.js';

/** What the handlers read: the current index and the cached, healthy-only listings. */
export interface HandlerSource {
  index(): FederatedIndex;
  listings(): { resources: unknown[]; resourceTemplates: unknown[]; prompts: unknown[] };
  subscriptions: GatewaySubscriptions;
}

/** Forwards one request to a backend inside a client span, as tool calls are. */
async function forward<T>(ctx: ServerContext, name: string, backend: string, send: (options: CallOptions) => Promise<T>): Promise<T> {
  const span = startSpan(`${name} ${backend}`, currentRequestContext()?.trace, 'client', { 'mcp.backend': backend });
  try {
    const result = await send({ signal: ctx.mcpReq.signal, traceparent: formatTraceparent(span.trace) });
    span.end();
    return result;
  } catch (error) {
    span.end(error);
    throw asRpcError(error);
  }
}

/** Backend failures as JSON-RPC errors: the backend's own code when it answered, else internal (the message names the backend). */
function asRpcError(error: unknown): unknown {
  const cause = isToolError(error) ? error.cause : error;
  if (cause instanceof ProtocolError) return new RpcError(cause.code, error instanceof Error ? error.message : cause.message, cause.data);
  if (isToolError(error)) return new RpcError(RPC_INTERNAL_ERROR, error.toText());
  return error;
}

/**
 * Installs the federated resources, templates, prompts and completions on one
 * MCP server instance (the runtime calls `configure` for each it builds).
 * Lists come from the cache; reads and gets route to the owning backend.
 */
export function installFederationHandlers(server: McpServer, source: HandlerSource): void {
  const low = server.server;
  // The runtime declares resources/prompts only for services that have some of their own.
  low.registerCapabilities({ resources: { listChanged: true, subscribe: true }, prompts: { listChanged: true }, completions: {} });

  low.setRequestHandler('resources/list', () => ({ resources: source.listings().resources }) as never);
  low.setRequestHandler('resources/templates/list', () => ({ resourceTemplates: source.listings().resourceTemplates }) as never);
  low.setRequestHandler('prompts/list', () => ({ prompts: source.listings().prompts }) as never);

  low.setRequestHandler('resources/read', async (request, ctx) => {
    const uri = request.params.uri;
    const route = resolveUri(source.index(), uri);
    if (!route) throw new RpcError(RPC_RESOURCE_NOT_FOUND, `Resource ${uri} not found on any backend`, { uri });
    const result = await forward(ctx, 'resources/read', route.backend.name, (options) => route.backend.readResource(route.original, options));
    return rewriteReadResult(result, exposerFor(source.index, route.backend)) as never;
  });

  low.setRequestHandler('resources/subscribe', async (request) => {
    await source.subscriptions.subscribe(server, request.params.uri);
    return {} as never;
  });
  low.setRequestHandler('resources/unsubscribe', async (request) => {
    await source.subscriptions.unsubscribe(server, request.params.uri);
    return {} as never;
  });
  const previousOnClose = low.onclose;
  low.onclose = () => {
    previousOnClose?.();
    source.subscriptions.forget(server);
  };

  low.setRequestHandler('prompts/get', async (request, ctx) => {
    const entry = source.index().prompts.get(request.params.name);
    if (!entry) throw new RpcError(RPC_INVALID_PARAMS, `Prompt ${request.params.name} not found`);
    const args = (request.params.arguments ?? {}) as Record<string, string>;
    const result = await forward(ctx, 'prompts/get', entry.backend.name, (options) => entry.backend.getPrompt(entry.original, args, options));
    return rewritePromptResult(result, exposerFor(source.index, entry.backend)) as never;
  });

  low.setRequestHandler('completion/complete', async (request, ctx) => {
    const { ref, argument, context } = request.params;
    const index = source.index();
    const entry = ref.type === 'ref/prompt' ? index.prompts.get(ref.name) : index.templates.get(ref.uri);
    // Unknown refs (or a backend without completions) complete to nothing rather than fail.
    if (!entry) return { completion: { values: [] } } as never;
    const backendRef =
      ref.type === 'ref/prompt' ? { type: 'ref/prompt' as const, name: entry.original } : { type: 'ref/resource' as const, uri: entry.original };
    const params = { ref: backendRef, argument, ...(context && { context: context as { arguments?: Record<string, string> } }) };
    return (await forward(ctx, 'completion/complete', entry.backend.name, (options) => entry.backend.complete(params, options))) as never;
  });
}
