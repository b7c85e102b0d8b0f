import { type McpServer, createMcpHandler, isLegacyRequest, legacyStatelessFallback } from '@modelcontextprotocol/server';
import type { Logger } from '../logging/logger.js';
import type { ServerPool } from '../mcp/server-pool.js';
import { FastPath } from './fast-path.js';
import { LegacySessions, jsonRpcError } from './legacy-sessions.js';

export interface McpEndpointOptions {
  pool: ServerPool;
  build: () => McpServer;
  logger: Logger;
  maxRequestBodySize: number;
  /** Serve plain 2026-07-28 tools/call, tools/list, ping and resources/read on the fast path (MCP_FAST_PATH). */
  fastPath?: boolean;
}

/**
 * `/mcp`: one URL for both protocol generations. A request carrying the
 * 2026-07-28 envelope goes to the SDK's stateless handler (pooled server
 * instances); 2025-era traffic goes to a session when it opens or names one,
 * and otherwise to the SDK's stateless legacy fallback. Plain 2026-07-28
 * tool, ping and resource-read requests take the fast path (fast-path.ts) first.
 */
export class McpEndpoint {
  readonly sessions: LegacySessions;
  private readonly modern;
  private readonly statelessLegacy;
  private readonly fast: FastPath | undefined;

  constructor(private readonly options: McpEndpointOptions) {
    const onerror = (error: Error) => options.logger.debug({ err: error.message }, 'mcp request rejected');
    this.modern = createMcpHandler(() => options.pool.acquire(), { legacy: 'reject', onerror, maxRequestBodySize: options.maxRequestBodySize });
    this.statelessLegacy = legacyStatelessFallback(() => options.build(), onerror, { maxRequestBodySize: options.maxRequestBodySize });
    this.fast = options.fastPath === false ? undefined : new FastPath(options.pool);
    this.sessions = new LegacySessions({ build: options.build, logger: options.logger, maxRequestBodySize: options.maxRequestBodySize });
  }

  /** The list-changed fan-out for the 2026-07-28 `subscriptions/listen` streams. */
  get notify() {
    return this.modern.notify;
  }

  /** Requests the fast path answered (0 when it is off). */
  get fastPathServed(): number {
    return this.fast?.served ?? 0;
  }

  /** Fast-path tools/call requests answered without the SDK's protocol layer (0 when it is off). */
  get fastPathDirect(): number {
    return this.fast?.direct ?? 0;
  }

  /** Whether `response` already carries the `extraHeaders` given to `handle` (only some fast-path answers do). */
  stamped(response: Response): boolean {
    return this.fast?.stamped(response) ?? false;
  }

  /**
   * Answers one `/mcp` request. `extraHeaders` (lower-case names, sorted) may be put on the
   * answer when that is cheaper there; `stamped()` says whether they were.
   */
  async handle(request: Request, extraHeaders?: Readonly<Record<string, string>>): Promise<Response> {
    const method = request.method.toUpperCase();
    if (method === 'GET' || method === 'DELETE') {
      if (request.headers.has('mcp-session-id')) return this.sessions.handle(request, undefined);
      const res = jsonRpcError(405, -32000, 'Method Not Allowed: this endpoint is stateless unless a 2025-era session is open (send initialize first).');
      res.headers.set('allow', 'POST');
      return res;
    }
    if (method !== 'POST') {
      const res = jsonRpcError(405, -32000, `Method Not Allowed: ${method}`);
      res.headers.set('allow', 'GET, POST, DELETE');
      return res;
    }
    const contentType = request.headers.get('content-type') ?? '';
    if (!contentType.toLowerCase().includes('application/json')) {
      return jsonRpcError(415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    }
    const text = await request.text();
    let parsedBody: unknown;
    try {
      parsedBody = JSON.parse(text);
    } catch {
      return jsonRpcError(400, -32700, 'Parse error: the request body is not valid JSON');
    }
    if (typeof parsedBody !== 'object' || parsedBody === null) {
      return jsonRpcError(400, -32600, 'Invalid Request: the body must be a JSON-RPC message (an object) or a batch (an array)');
    }
    const fast = this.fast?.serve(request, parsedBody, extraHeaders);
    if (fast) return fast;
    if (await isLegacyRequest(request, parsedBody, { maxRequestBodySize: this.options.maxRequestBodySize })) {
      if (this.sessions.claims(request, parsedBody)) return this.sessions.handle(request, parsedBody);
      return this.statelessLegacy(request, { parsedBody });
    }
    return this.modern.fetch(request, { parsedBody });
  }

  async close(): Promise<void> {
    await this.modern.close();
    await this.fast?.close();
    await this.sessions.closeAll();
  }
}
