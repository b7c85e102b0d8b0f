import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  isInputRequiredResult,
  LOG_LEVEL_META_KEY,
  type McpServer,
  PROTOCOL_VERSION_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';
import { type InstalledToolCallHandler, installedToolCallHandlers } from '../mcp/dynamic-tools.js';
import { type DirectAnswer, DirectExchange } from './direct-exchange.js';

/** The `_meta` keys the SDK lifts into `ctx.mcpReq.envelope` (its RESERVED_ENVELOPE_META_KEYS). */
const ENVELOPE_KEYS = [PROTOCOL_VERSION_META_KEY, CLIENT_INFO_META_KEY, CLIENT_CAPABILITIES_META_KEY, LOG_LEVEL_META_KEY];
/** Result members that make the SDK leave a content-less tool result alone (its TOOL_RESULT_FOREIGN_FAMILY_KEYS). */
const FOREIGN_RESULT_KEYS = ['task', 'inputRequests', 'requestState'];

type Json = Record<string, unknown>;
interface Codec {
  validateResult(method: string, value: unknown): { ok: true; value: Json } | { ok: false; reason: string; message?: string };
  encodeResult(method: string, result: unknown, serverInfo: unknown): Json;
  encodeErrorCode(code: number): number;
}
interface RegisteredTool {
  enabled: boolean;
  outputSchemaJson?: unknown;
}
/** The SDK internals the direct call drives (private in its types; the SDK version is pinned exactly). */
interface ServerInternals {
  _transport?: unknown;
  _negotiatedWireCodec(): Codec;
  _outboundServerInfo(): unknown;
  _notificationViaCodec(codec: unknown, notification: Json, options: Json): Promise<void>;
  _resolveOutboundCodec(method: string): unknown;
  _invokeInputRequiredCapableHandler(method: string, handler: InstalledToolCallHandler, request: unknown, ctx: unknown): Promise<unknown>;
  buildContext(ctx: Json, transportInfo: Json): unknown;
  request(request: Json, schemaOrOptions?: unknown, options?: Json): Promise<unknown>;
  projectCallToolResult(result: unknown, outputSchemaJson: unknown): unknown;
}
interface McpServerInternals {
  _toolHandlersInitialized: boolean;
  _registeredTools: Record<string, RegisteredTool | undefined>;
  validateToolInput(tool: RegisteredTool, args: unknown, name: string): Promise<unknown>;
  executeToolHandler(tool: RegisteredTool, args: unknown, ctx: unknown): Promise<Json>;
  validateToolOutput(tool: RegisteredTool, result: Json, name: string): Promise<void>;
  createToolError(message: string): Json;
}

export interface ToolCallMessage {
  id: string | number;
  method: 'tools/call';
  params: { name: string; arguments?: Json; _meta: Json } & Json;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a routed 2026-07-28 `tools/call` can be answered without the SDK's
 * protocol layer: the server's tools/call handler is one whose behaviour is
 * known here (McpServer's, for tools registered with `registerTool`, or the
 * runtime's static-plus-dynamic handler, see mcp/dynamic-tools.ts), the
 * arguments are absent or an object (anything else is the SDK's request
 * validation to word) and the envelope names no log level — without one,
 * `ctx.mcpReq.log` sends nothing in this revision, so the answer is plain
 * JSON unless the handler notifies by hand (which still works: see
 * DirectExchange). Unknown and disabled tools qualify: their errors are
 * ordinary handler errors, answered here as the SDK answers them.
 */
export function directlyCallable(server: McpServer, message: ToolCallMessage): boolean {
  const { params } = message;
  if (params.arguments !== undefined && !isPlainObject(params.arguments)) return false;
  if (params._meta[LOG_LEVEL_META_KEY] !== undefined) return false;
  return installedToolCallHandlers.has(server) || (server as unknown as McpServerInternals)._toolHandlersInitialized === true;
}

/** McpServer's tools/call handler (setToolRequestHandlers), with the SDK's own validation and projection methods. */
function registeredToolCall(server: McpServer): InstalledToolCallHandler {
  const inner = server.server as unknown as ServerInternals;
  const mcp = server as unknown as McpServerInternals;
  return async (request, ctx) => {
    const { name } = request.params;
    const tool = mcp._registeredTools[name];
    if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} not found`);
    if (!tool.enabled) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} disabled`);
    try {
      const args = await mcp.validateToolInput(tool, request.params.arguments, name);
      const result = await mcp.executeToolHandler(tool, args, ctx);
      await mcp.validateToolOutput(tool, result, name);
      if (isInputRequiredResult(result)) return result;
      return inner.projectCallToolResult(result, tool.outputSchemaJson);
    } catch (error) {
      if (error instanceof ProtocolError && error.code === ProtocolErrorCode.UrlElicitationRequired) throw error;
      return mcp.createToolError(error instanceof Error ? error.message : String(error));
    }
  };
}

/**
 * Runs one `tools/call` as the SDK's stack would — the server's tools/call
 * handler (McpServer's: input validation, the registered executor and so the
 * runtime's middleware chain, output validation, projection, errors as
 * `isError` results; or the runtime's own for a tool source), the server's
 * tools/call wrapper (multi round-trip seam, result
 * normalisation and validation) and the protocol layer's encoding — with the
 * SDK's own methods, but without connecting a transport, dispatching through
 * the protocol layer or closing it. The JSON-RPC answer is serialised here.
 * Notifications a handler sends go through the SDK's notification path to a
 * DirectExchange, which upgrades the answer to SSE as the SDK transport does.
 */
export function callToolDirectly(
  server: McpServer,
  message: ToolCallMessage,
  request: Request,
  extraHeaders: Readonly<Record<string, string>> | undefined,
  /** Called once the handler is done (the server instance is free again); may be after the answer. */
  done: () => void,
): Promise<DirectAnswer> {
  const exchange = new DirectExchange(message.id, extraHeaders);
  // As the SDK transport: a client gone before the answer gets 499 at once and the handler's signal
  // aborts; the instance is free when the handler is done.
  const signal = request.signal;
  const onAbort = () => exchange.abandon();
  signal?.addEventListener('abort', onAbort, { once: true });
  run(server, message, request, exchange)
    .then(
      (answer) => exchange.finish(answer),
      () => exchange.fail(),
    )
    .finally(() => {
      signal?.removeEventListener('abort', onAbort);
      done();
    });
  return exchange.answer;
}

async function run(server: McpServer, message: ToolCallMessage, request: Request, exchange: DirectExchange): Promise<Json> {
  const inner = server.server as unknown as ServerInternals;
  const { id } = message;
  // The SDK lifts the envelope keys out of _meta before dispatch (liftWireOnlyMaterial).
  const envelope: Json = {};
  const rest: Json = {};
  for (const [key, value] of Object.entries(message.params._meta)) {
    if (ENVELOPE_KEYS.includes(key)) envelope[key] = value;
    else rest[key] = value;
  }
  const { _meta: _, ...params } = message.params;
  const lifted = { ...message, params: Object.keys(rest).length > 0 ? { ...params, _meta: rest } : params };

  const controller = exchange.controller;
  inner._transport = exchange;
  const baseCtx = {
    sessionId: undefined,
    mcpReq: {
      id,
      method: 'tools/call',
      _meta: lifted.params._meta,
      envelope,
      requestState: () => undefined,
      signal: controller.signal,
      send: (r: Json, schemaOrOptions?: unknown, options?: Json) =>
        isPlainObject(schemaOrOptions) && !('~standard' in schemaOrOptions)
          ? inner.request(r, { ...schemaOrOptions, relatedRequestId: id })
          : inner.request(r, schemaOrOptions, { ...options, relatedRequestId: id }),
      notify: (notification: Json & { method: string }, options?: Json) =>
        inner._notificationViaCodec(inner._resolveOutboundCodec(notification.method), notification, { ...options, relatedRequestId: id }),
    },
    http: undefined,
  };
  const ctx = inner.buildContext(baseCtx, { request });
  const codec = inner._negotiatedWireCodec();

  const handler = installedToolCallHandlers.get(server) ?? registeredToolCall(server);

  let answer: Json;
  try {
    // The server's tools/call wrapper (Server._wrapHandler), after request validation.
    const result = await inner._invokeInputRequiredCapableHandler('tools/call', handler, lifted, ctx);
    let value = result as Json;
    if (!isInputRequiredResult(result)) {
      const normalized =
        isPlainObject(result) && result.content === undefined && !FOREIGN_RESULT_KEYS.some((key) => key in result) ? { ...result, content: [] } : result;
      const validation = codec.validateResult('tools/call', normalized);
      if (!validation.ok) {
        const notInEra = validation.reason === 'not-in-era';
        throw new ProtocolError(
          notInEra ? ProtocolErrorCode.InternalError : ProtocolErrorCode.InvalidParams,
          notInEra ? 'No wire schema for tools/call in the resolved era' : `Invalid tools/call result: ${validation.message}`,
        );
      }
      value = validation.value;
    }
    // The protocol layer's answer (Protocol._onrequest).
    try {
      answer = { result: codec.encodeResult('tools/call', value, inner._outboundServerInfo()), jsonrpc: '2.0', id };
    } catch {
      answer = { jsonrpc: '2.0', id, error: { code: ProtocolErrorCode.InternalError, message: 'Internal error' } };
    }
  } catch (error) {
    const thrown = error as { code?: unknown; message?: string; data?: unknown };
    const code = Number.isSafeInteger(thrown.code) ? (thrown.code as number) : ProtocolErrorCode.InternalError;
    answer = {
      jsonrpc: '2.0',
      id,
      error: { code: codec.encodeErrorCode(code), message: thrown.message ?? 'Internal error', ...(thrown.data !== undefined && { data: thrown.data }) },
    };
  } finally {
    inner._transport = undefined;
  }
  return answer;
}
