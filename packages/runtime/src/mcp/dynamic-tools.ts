import { type CallToolResult, type McpServer, ProtocolError, ProtocolErrorCode, type ServerContext } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { Principal } from '../http/security.js';
import { currentRequestContext } from '../tracing/request-context.js';
import { type AnyToolDefinition, rawResult, type ToolAnnotations } from '../tools/define-tool.js';
import type { ToolExecutor } from '../tools/execute.js';

/** A tool known only at run time (the gateway's federated tools). */
export interface DynamicTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  /** Missing hints take the MCP spec's conservative defaults (may write, destructive, open world). */
  annotations?: Partial<ToolAnnotations> & { title?: string };
  _meta?: Record<string, unknown>;
  call(args: Record<string, unknown>, ctx: import('../tools/define-tool.js').ToolContext): Promise<CallToolResult>;
}

export interface ToolListContext {
  principal?: Principal;
}

/** Where dynamic tools come from; both calls must be cheap (served from a cache). */
export interface ToolSource {
  list(context: ToolListContext): readonly DynamicTool[];
  get(name: string, context: ToolListContext): DynamicTool | undefined;
}

const SPEC_DEFAULTS: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

interface StaticEntry {
  tool: AnyToolDefinition;
  listed: Record<string, unknown>;
  outputJson: Record<string, unknown>;
}

/**
 * Precomputes the listed form of static tools once per service (JSON Schema
 * conversion is the costly part of tools/list).
 */
export function describeStaticTools(tools: readonly AnyToolDefinition[], outputSchemaOf: (tool: AnyToolDefinition) => z.ZodType): Map<string, StaticEntry> {
  const entries = new Map<string, StaticEntry>();
  for (const tool of tools) {
    const outputJson = z.toJSONSchema(outputSchemaOf(tool), { io: 'output', target: 'draft-2020-12' }) as Record<string, unknown>;
    if (outputJson.type === undefined) outputJson.type = 'object';
    const listed = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: { type: 'object', ...(z.toJSONSchema(tool.input, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>) },
      outputSchema: outputJson,
      annotations: { title: tool.title, ...tool.annotations },
    };
    entries.set(tool.name, { tool, listed, outputJson });
  }
  return entries;
}

// Shared by every dynamic tool: building zod schemas per call showed in the gateway's profile (issue 5).
const DYNAMIC_INPUT = z.object({}).passthrough();
const DYNAMIC_OUTPUT = z.any();
const synthesized = new WeakMap<DynamicTool, AnyToolDefinition>();

/** The executor's form of a dynamic tool, built once per tool object (sources hand out the same object until it changes). */
function synthesize(dynamic: DynamicTool): AnyToolDefinition {
  const cached = synthesized.get(dynamic);
  if (cached) return cached;
  const definition: AnyToolDefinition = {
    name: dynamic.name,
    title: dynamic.title ?? dynamic.annotations?.title ?? dynamic.name,
    description: dynamic.description ?? '',
    input: DYNAMIC_INPUT,
    output: DYNAMIC_OUTPUT,
    annotations: { ...SPEC_DEFAULTS, ...dynamic.annotations },
    handler: async (args, ctx) => rawResult(await dynamic.call(args as Record<string, unknown>, ctx)),
  };
  synthesized.set(dynamic, definition);
  return definition;
}

/**
 * Replaces the SDK's tools/list and tools/call handlers with ones serving the
 * static tools plus a dynamic source, every call through the same executor
 * (and so the same middleware chain: logging, metrics, timeouts, governance).
 */
export function installToolHandlers(server: McpServer, statics: Map<string, StaticEntry>, source: ToolSource, execute: ToolExecutor): void {
  const context = (): ToolListContext => {
    const principal = currentRequestContext()?.principal;
    return principal ? { principal } : {};
  };
  server.server.setRequestHandler(
    'tools/list',
    () =>
      ({
        tools: [...[...statics.values()].map((s) => s.listed), ...source.list(context()).map(listDynamic)],
      }) as never,
  );
  const callTool = async (request: { params: { name: string; arguments?: Record<string, unknown> } }, ctx: ServerContext) => {
    const { name, arguments: args = {} } = request.params;
    const entry = statics.get(name);
    if (entry) {
      const parsed = entry.tool.input.safeParse(args);
      if (!parsed.success) {
        return {
          content: [{ type: 'text', text: `Input validation error: Invalid arguments for tool ${name}: ${z.prettifyError(parsed.error)}` }],
          isError: true,
        } as never;
      }
      const result = await execute(entry.tool, parsed.data as Record<string, unknown>, ctx);
      return server.server.projectCallToolResult(result, entry.outputJson) as never;
    }
    const dynamic = source.get(name, context());
    if (!dynamic) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} not found`);
    const result = await execute(synthesize(dynamic), args as Record<string, unknown>, ctx);
    return server.server.projectCallToolResult(result, dynamic.outputSchema) as never;
  };
  server.server.setRequestHandler('tools/call', callTool);
  installedToolCallHandlers.set(server, callTool as InstalledToolCallHandler);
}

/** The handler installToolHandlers put behind the SDK's tools/call wrappers (as the SDK calls it: validated request, context). */
export type InstalledToolCallHandler = (request: { params: { name: string; arguments?: Record<string, unknown> } }, ctx: ServerContext) => Promise<unknown>;

/** Per server instance with a tool source: its tools/call handler, for the transport's direct call (transport/direct-tool-call.ts). */
export const installedToolCallHandlers = new WeakMap<McpServer, InstalledToolCallHandler>();

function listDynamic(tool: DynamicTool): Record<string, unknown> {
  return {
    name: tool.name,
    ...(tool.title && { title: tool.title }),
    ...(tool.description && { description: tool.description }),
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema && { outputSchema: tool.outputSchema }),
    ...(tool.annotations && { annotations: tool.annotations }),
    ...(tool._meta && { _meta: tool._meta }),
  };
}
