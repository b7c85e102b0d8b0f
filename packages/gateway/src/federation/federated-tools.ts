import { type DynamicTool, formatTraceparent, startSpan, type ToolContext } from '@mcp/runtime';
import type { Backend } from '../backends/backend.js';
import type { CallRelay } from '../backends/relay.js';
import type { CallRouter } from '../canary/canary-manager.js';
import type { FederatedIndex, ToolEntry } from './catalog-index.js';
import { exposerFor, rewriteToolResult } from './rewrite.js';

/**
 * The runtime-facing form of one federated tool. Its call runs inside the
 * runtime's middleware chain (logging, metrics, timeout, governance) and
 * forwards to the backend with the caller's abort signal, a child span of the
 * caller's trace, and progress when the caller asked for it.
 */
export function toDynamicTool(entry: ToolEntry, index: () => FederatedIndex, route?: CallRouter): DynamicTool {
  const { backend, original, item } = entry;
  const expose = exposerFor(index, backend);
  return {
    name: entry.exposed,
    ...(item.title && { title: item.title }),
    ...(item.description && { description: item.description }),
    inputSchema: item.inputSchema,
    ...(item.outputSchema && { outputSchema: item.outputSchema }),
    ...(item.annotations && { annotations: item.annotations as DynamicTool['annotations'] }),
    ...(item._meta && { _meta: item._meta }),
    async call(args: Record<string, unknown>, ctx: ToolContext) {
      const wantsProgress = ctx.mcp.mcpReq._meta?.progressToken !== undefined;
      // A client span per backend call: its id is the parent the backend's own spans hang from.
      const span = startSpan(`tools/call ${backend.name}/${original}`, ctx.trace, 'client', { 'mcp.backend': backend.name, 'mcp.tool': original });
      try {
        const call = (target: Backend) =>
          target.callTool(original, args, {
            signal: ctx.signal,
            traceparent: formatTraceparent(span.trace),
            relay: relayFor(ctx),
            ...(wantsProgress && { onProgress: (p) => void ctx.progress(p.progress, p.total, p.message).catch(() => {}) }),
          });
        // Issue 6: the canary hook may send this call to the backend's canary target instead.
        const result = await (route ? route(backend, call) : call(backend));
        span.end(result.isError ? 'tool returned an error' : undefined);
        return rewriteToolResult(result, expose);
      } catch (error) {
        span.end(error);
        throw error;
      }
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How the backend reaches this call's caller (see CallRelay): by the caller's protocol generation. */
export function relayFor(ctx: ToolContext): CallRelay {
  const req = ctx.mcp.mcpReq;
  const log = (p: { level: string; data: unknown; logger?: string }) => {
    // The caller's own level filter applies (logging/setLevel or its envelope).
    void req.log(p.level as Parameters<typeof req.log>[0], p.data, p.logger).catch(() => {});
  };
  if (req.envelope !== undefined) {
    const requestState = req.requestState<string>();
    const envelope = req.envelope as Record<string, unknown>;
    const logLevel = envelope['io.modelcontextprotocol/logLevel'];
    const capabilities = envelope['io.modelcontextprotocol/clientCapabilities'];
    return {
      passInputRequired: true,
      ...(req.inputResponses && { inputResponses: req.inputResponses }),
      ...(typeof requestState === 'string' && { requestState }),
      ...(typeof logLevel === 'string' && { logLevel }),
      ...(isPlainObject(capabilities) && { clientCapabilities: capabilities }),
      log,
    };
  }
  const options = { relatedRequestId: req.id, signal: ctx.signal };
  return {
    // A 2025-era caller filters logs by its session level; ask the backend for everything.
    logLevel: 'debug',
    elicit: (params) => req.elicitInput(params as Parameters<typeof req.elicitInput>[0], options),
    sample: (params) => req.requestSampling(params as Parameters<typeof req.requestSampling>[0], options),
    log,
  };
}
