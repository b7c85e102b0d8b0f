import {
  type AnyToolDefinition,
  type CallToolResult,
  type Logger,
  type Principal,
  runWithRequestContext,
  type ServerContext,
  startSpan,
  type ToolCall,
  type ToolContext,
  type ToolMiddleware,
  type ToolSource,
  UpstreamUnavailableError,
} from '@mcp/runtime';
import * as z from 'zod';

/** Calls one namespaced gateway tool as `principal`, honouring `signal`. */
export type StepCaller = (request: {
  tool: string;
  args: Record<string, unknown>;
  principal: Principal;
  signal: AbortSignal;
  requestId: string;
}) => Promise<CallToolResult>;

export interface StepCallerOptions {
  /** The federated catalogue (unscoped: the governance chain does the scope check and audits refusals). */
  tools: ToolSource;
  /** The governance chain (audit → scopes → rate limits → approvals), as for a tool call from a client. */
  governance: ToolMiddleware;
  logger: Logger;
}

/** The MCP spec's defaults for missing hints: the approval policy must see a tool without hints as destructive. */
const SPEC_DEFAULTS = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

/**
 * Workflow steps reach backends exactly like a client's tools/call does:
 * through the federation's namespaced tool (backend routing, canary, trace
 * propagation) wrapped in the governance chain, inside a request context
 * carrying the identity that started the run. So every step is audited, is
 * refused outside that identity's scopes, counts against its rate limits and
 * waits for an approval when the policy says so.
 */
export function createStepCaller(options: StepCallerOptions): StepCaller {
  return async ({ tool: name, args, principal, signal, requestId }) => {
    const dynamic = options.tools.get(name, { principal });
    if (!dynamic) {
      throw new UpstreamUnavailableError(`Tool ${name} is not available through the gateway (unknown, or its backend is not connected).`, {
        hint: 'Check the workflow template and GET /api/v1/mcp/status.',
      });
    }
    const span = startSpan(`workflow step ${name}`, undefined, 'internal', { 'mcp.tool': name, 'workflow.request': requestId });
    const logger = options.logger.child({ tool: name, request_id: requestId, trace_id: span.trace.traceId });
    const controller = new AbortController();
    const combined = AbortSignal.any([signal, controller.signal]);
    const ctx: ToolContext = {
      client: undefined,
      signal: combined,
      logger,
      requestId,
      trace: span.trace,
      tool: name,
      progress: async () => {},
      mcp: workflowServerContext(requestId, combined),
    };
    const definition: AnyToolDefinition = {
      name,
      title: dynamic.title ?? name,
      description: dynamic.description ?? '',
      input: z.object({}).passthrough(),
      output: z.any(),
      annotations: { ...SPEC_DEFAULTS, ...dynamic.annotations },
      handler: async () => {
        throw new Error('unreachable: workflow steps call the dynamic tool directly');
      },
    };
    const call: ToolCall = { tool: definition, args, ctx, meta: {}, abort: (reason) => controller.abort(reason) };
    try {
      const result = await runWithRequestContext({ requestId, trace: span.trace, logger, principal }, () =>
        options.governance(call, () => dynamic.call(args, ctx)),
      );
      span.end(result.isError ? 'tool returned an error' : undefined);
      return result;
    } catch (error) {
      span.end(error);
      throw error;
    }
  };
}

/**
 * A step has no MCP caller to relay to: backend requests for elicitation or
 * sampling are refused (the step fails with that message), logs are dropped.
 * Shaped like a 2025-era request context, which is what relayFor() reads.
 */
function workflowServerContext(requestId: string, signal: AbortSignal): ServerContext {
  const refuse = () => Promise.reject(new Error('a workflow step has no interactive caller (elicitation and sampling are unavailable)'));
  return {
    mcpReq: {
      id: requestId,
      signal,
      _meta: undefined,
      envelope: undefined,
      log: async () => {},
      notify: async () => {},
      elicitInput: refuse,
      requestSampling: refuse,
      requestState: () => undefined,
    },
  } as unknown as ServerContext;
}
