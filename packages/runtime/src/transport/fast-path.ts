import { classifyInboundRequest, type McpServer, SdkError, SdkErrorCode } from '@modelcontextprotocol/server';
import type { ServerPool } from '../mcp/server-pool.js';
import { callToolDirectly, directlyCallable, type ToolCallMessage } from './direct-tool-call.js';
import { FastExchangeTransport } from './fast-exchange.js';

/** The one modern revision the SDK (2.4.0) serves; a request naming another goes to the SDK, which words the rejection. */
const MODERN_REVISION = '2026-07-28';
/** Methods answered here; every other one takes the SDK's entry (createMcpHandler). */
const FAST_METHODS = new Set(['tools/call', 'tools/list', 'ping', 'resources/read']);
/** Where the SDK reads the value the Mcp-Name header must repeat (its MCP_NAME_HEADER_SOURCE). */
const NAME_SOURCE: Record<string, string> = { 'tools/call': 'name', 'resources/read': 'uri' };
/** Mcp-Name values in this form are Base64-decoded by the SDK before comparing: left to it. */
const BASE64_SENTINEL = '=?base64?';
const CLIENT_CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';
const CLIENT_INFO_KEY = 'io.modelcontextprotocol/clientInfo';

type Classified = Extract<ReturnType<typeof classifyInboundRequest>, { kind: 'modern' }>;

/**
 * The SDK internals the fast path drives. They are private in the SDK's types;
 * the SDK version is pinned exactly, and test/transport/fast-path-differential
 * compares every answer with the SDK entry's, so a change shows there.
 */
interface ServerInternals {
  transport: unknown;
  onclose?: () => void;
  _negotiatedProtocolVersion?: string;
  _supportedProtocolVersions: string[];
  _clientCapabilities?: unknown;
  _clientVersion?: unknown;
  _ondiscover(): unknown;
  setRequestHandler(method: string, handler: () => unknown): void;
}
interface McpServerInternals {
  _registeredTools: Record<string, { enabled: boolean } | undefined>;
  _registeredResources: Record<string, { scopeChallenge?: unknown }>;
  _registeredResourceTemplates: Record<string, { scopeChallenge?: unknown }>;
  toolInputSchemaJson(name: string): Record<string, unknown> | undefined;
  resolveScopeChallenge(context: { request: unknown }): unknown;
}

const discoverInstalled = new WeakSet<object>();
/** Per server instance: tool name → its input schema declares x-mcp-header parameters (the SDK then checks headers). */
const headerDeclarations = new WeakMap<McpServer, Map<string, boolean>>();
/** Per server instance: some resource has a scope challenge (resources/read then takes the SDK entry). */
const resourceChallenges = new WeakMap<McpServer, boolean>();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 9110 optional whitespace around a field value, as the SDK strips it (a regex only when there is some). */
function stripOws(value: string | null): string | undefined {
  if (value === null) return undefined;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first === 32 || first === 9 || last === 32 || last === 9 ? value.replace(/^[ \t]+|[ \t]+$/g, '') : value;
}

/**
 * The 2026-07-28 fast path for `/mcp`: a single stateless request for
 * `tools/call`, `tools/list`, `ping` or `resources/read` skips the SDK entry's
 * per-request work (a second body classification, ladder checks that cannot
 * fail for it, the `x-mcp-header` scan, the scope-challenge probe, the
 * discover-handler install) and is dispatched straight into a pooled server
 * over the SDK's own single-exchange transport (fast-exchange.ts: the plain
 * JSON answer as a string body). The dispatch, the handlers (and so the
 * runtime's executor and middleware chain), result encoding and the response
 * (JSON, or SSE when a handler notifies mid-call) are the SDK's, so the answer
 * is the one the SDK entry gives. Most `tools/call` requests skip the
 * protocol layer as well (direct-tool-call.ts): the server's handler and the
 * SDK's validation and encoding run without a transport.
 *
 * It only takes requests it can prove the SDK entry would serve without a
 * ladder rejection; anything else (errors to word, progress tokens, multi
 * round-trip retries, clients that can be asked for elicitation or sampling,
 * tasks, header-bound tool parameters, scope challenges) returns `undefined`
 * and goes to the SDK entry untouched.
 */
export class FastPath {
  private readonly inflight = new Set<McpServer>();
  /** Answers that carry the caller's extra headers already (see `serve`). */
  private readonly stampedAnswers = new WeakSet<Response>();
  /** Requests answered here since start (tests check which path a request took). */
  served = 0;
  /** Of those, tools/call requests answered without the SDK's protocol layer (direct-tool-call.ts). */
  direct = 0;

  constructor(private readonly pool: ServerPool) {}

  /**
   * The response, or `undefined` when the request must take the SDK entry.
   * `extraHeaders` go on a plain JSON answer built here; `stamped()` tells
   * which answers have them, the others are the caller's to complete.
   */
  serve(request: Request, body: unknown, extraHeaders?: Readonly<Record<string, string>>): Promise<Response> | undefined {
    const route = this.route(request, body);
    if (!route) return undefined;
    const server = this.pool.acquire();
    if (!this.eligibleOn(server, route)) {
      server.server.onclose?.(); // back to the pool, unused
      return undefined;
    }
    this.served += 1;
    this.prepare(server, route);
    const message = route.message as unknown as ToolCallMessage;
    if (message.method === 'tools/call' && directlyCallable(server, message)) return this.callDirectly(server, message, request, extraHeaders);
    return this.exchange(server, route, request, extraHeaders);
  }

  /** A static tool's call answered without the SDK's protocol layer (direct-tool-call.ts). */
  private async callDirectly(
    server: McpServer,
    message: ToolCallMessage,
    request: Request,
    extraHeaders: Readonly<Record<string, string>> | undefined,
  ): Promise<Response> {
    this.direct += 1;
    this.inflight.add(server);
    const done = () => {
      this.inflight.delete(server);
      server.server.onclose?.(); // back to the pool
    };
    const { response, stamped } = await callToolDirectly(server, message, request, extraHeaders, done);
    if (stamped) this.stampedAnswers.add(response);
    return response;
  }

  /** Whether `response` is a fast-path answer that already carries the extra headers given to `serve`. */
  stamped(response: Response): boolean {
    return this.stampedAnswers.has(response);
  }

  private route(request: Request, body: unknown): Classified | undefined {
    if (!isPlainObject(body) || typeof body.method !== 'string' || !FAST_METHODS.has(body.method)) return undefined;
    const params = body.params;
    if (params !== undefined && !isPlainObject(params)) return undefined;
    if (params && ('inputResponses' in params || 'requestState' in params || 'task' in params)) return undefined;
    const meta = params?._meta;
    if (!isPlainObject(meta) || meta.progressToken !== undefined) return undefined;
    const capabilities = meta[CLIENT_CAPABILITIES_KEY];
    if (isPlainObject(capabilities) && (capabilities.elicitation !== undefined || capabilities.sampling !== undefined)) return undefined;

    const headers = request.headers;
    const protocolVersionHeader = stripOws(headers.get('mcp-protocol-version'));
    const mcpMethodHeader = stripOws(headers.get('mcp-method'));
    const mcpNameHeader = stripOws(headers.get('mcp-name'));
    // The SDK's standard-header ladder (validateStandardRequestHeaders): only the passing case is taken.
    if (protocolVersionHeader !== MODERN_REVISION || mcpMethodHeader === undefined) return undefined;
    const nameField = NAME_SOURCE[body.method];
    if (nameField) {
      const value = params?.[nameField];
      if (typeof value !== 'string' || mcpNameHeader !== value || value.startsWith(BASE64_SENTINEL)) return undefined;
    }
    const outcome = classifyInboundRequest({
      httpMethod: 'POST',
      protocolVersionHeader,
      mcpMethodHeader,
      ...(mcpNameHeader !== undefined && { mcpNameHeader }),
      body,
    });
    if (outcome.kind !== 'modern' || outcome.messageKind !== 'request' || outcome.classification.revision !== MODERN_REVISION) return undefined;
    return outcome;
  }

  /** Checks that need the server instance: the SDK entry would answer these itself before dispatch. */
  private eligibleOn(server: McpServer, route: Classified): boolean {
    if ((server.server as unknown as ServerInternals).transport !== undefined) return false;
    const message = route.message as { method: string; params?: { name?: unknown } };
    const internals = server as unknown as McpServerInternals;
    if (message.method === 'resources/read') {
      let challenged = resourceChallenges.get(server);
      if (challenged === undefined) {
        const registered = [...Object.values(internals._registeredResources), ...Object.values(internals._registeredResourceTemplates)];
        challenged = registered.some((resource) => resource.scopeChallenge !== undefined);
        resourceChallenges.set(server, challenged);
      }
      return !challenged;
    }
    if (message.method !== 'tools/call') return true;
    const name = message.params?.name;
    if (typeof name !== 'string') return false;
    let declared = headerDeclarations.get(server);
    if (!declared) {
      declared = new Map();
      headerDeclarations.set(server, declared);
    }
    let declares = declared.get(name);
    if (declares === undefined) {
      const schema = internals.toolInputSchemaJson(name);
      declares = schema !== undefined && JSON.stringify(schema).includes('x-mcp-header');
      declared.set(name, declares);
    }
    if (declares) return false;
    // Scope challenges are per registered tool or resource; the runtime registers none, a configure() hook might.
    const registered = internals._registeredTools[name] as { scopeChallenge?: unknown } | undefined;
    return registered?.scopeChallenge === undefined;
  }

  private prepare(server: McpServer, route: Classified): void {
    const inner = server.server as unknown as ServerInternals;
    // What the SDK entry does to every modern instance before dispatch (setNegotiatedProtocolVersion,
    // installModernOnlyHandlers, seedClientIdentityFromEnvelope), from the same values.
    inner._negotiatedProtocolVersion = MODERN_REVISION;
    if (!discoverInstalled.has(inner)) {
      if (!inner._supportedProtocolVersions.includes(MODERN_REVISION))
        inner._supportedProtocolVersions = [...inner._supportedProtocolVersions, MODERN_REVISION];
      inner.setRequestHandler('server/discover', () => inner._ondiscover());
      discoverInstalled.add(inner);
    }
    const meta = (route.message as { params: { _meta: Record<string, unknown> } }).params._meta;
    if (meta[CLIENT_CAPABILITIES_KEY] !== undefined) inner._clientCapabilities = meta[CLIENT_CAPABILITIES_KEY];
    if (meta[CLIENT_INFO_KEY] !== undefined) inner._clientVersion = meta[CLIENT_INFO_KEY];
  }

  private async exchange(
    server: McpServer,
    route: Classified,
    request: Request,
    extraHeaders: Readonly<Record<string, string>> | undefined,
  ): Promise<Response> {
    const inner = server.server as unknown as ServerInternals;
    const previousOnClose = inner.onclose;
    this.inflight.add(server);
    const onExchangeClose = () => {
      this.inflight.delete(server);
      if (inner.onclose === onExchangeClose) inner.onclose = previousOnClose;
      previousOnClose?.();
    };
    inner.onclose = onExchangeClose;
    const id = (route.message as { id: string | number }).id;
    try {
      const transport = new FastExchangeTransport({ classification: route.classification }, extraHeaders);
      await server.connect(transport);
      const response = await transport.handleMessage(route.message, { request });
      if (extraHeaders && response === transport.answered) this.stampedAnswers.add(response);
      return response;
    } catch (error) {
      // As the SDK entry: a client gone before the answer is 499, anything else an internal error.
      if (error instanceof SdkError && error.code === SdkErrorCode.ConnectionClosed) return new Response(null, { status: 499 });
      await server.close().catch(() => {});
      this.inflight.delete(server);
      return Response.json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id }, { status: 500 });
    }
  }

  async close(): Promise<void> {
    const closing = [...this.inflight].map((server) => server.close().catch(() => {}));
    this.inflight.clear();
    await Promise.all(closing);
  }
}
