import { type McpServer, WebStandardStreamableHTTPServerTransport, isInitializeRequest } from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger.js';

interface Session {
  server: McpServer;
  transport: WebStandardStreamableHTTPServerTransport;
  lastSeen: number;
}

export interface LegacySessionOptions {
  build: () => McpServer;
  logger: Logger;
  maxRequestBodySize: number;
  /** Sessions idle longer than this are closed (clients re-initialize). */
  idleTimeoutMs?: number;
  maxSessions?: number;
}

/**
 * Serves 2025-era Streamable HTTP clients: the `initialize` handshake opens a
 * session (its own server instance and transport, named by `Mcp-Session-Id`),
 * later POSTs, the GET notification stream and DELETE go to that session.
 * Sessions live in this process only; the 2026-07-28 protocol needs none, which
 * is why that is what replicas behind a load balancer should speak.
 */
export class LegacySessions {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly idleTimeoutMs: number;
  private readonly maxSessions: number;

  constructor(private readonly options: LegacySessionOptions) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30 * 60_000;
    this.maxSessions = options.maxSessions ?? 10_000;
    this.sweeper = setInterval(() => this.sweep(), Math.min(this.idleTimeoutMs, 60_000));
    this.sweeper.unref();
  }

  get count(): number {
    return this.sessions.size;
  }

  /** True when this request belongs to (or opens) a session. */
  claims(request: Request, parsedBody: unknown): boolean {
    return request.headers.has('mcp-session-id') || isInitializeRequest(parsedBody);
  }

  async handle(request: Request, parsedBody: unknown): Promise<Response> {
    const sessionId = request.headers.get('mcp-session-id');
    if (sessionId) {
      const session = this.sessions.get(sessionId);
      if (!session) {
        return jsonRpcError(404, -32001, 'Session not found: it expired or the server restarted. Send initialize again to open a new session.');
      }
      session.lastSeen = Date.now();
      return session.transport.handleRequest(request, { parsedBody });
    }
    if (request.method !== 'POST') {
      return jsonRpcError(400, -32000, 'Bad Request: Mcp-Session-Id header is required for GET and DELETE.');
    }
    if (this.sessions.size >= this.maxSessions) {
      return jsonRpcError(503, -32000, 'Too many open sessions; try again later or use the 2026-07-28 protocol, which needs none.');
    }
    return this.open(request, parsedBody);
  }

  private async open(request: Request, parsedBody: unknown): Promise<Response> {
    const server = this.options.build();
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: this.options.maxRequestBodySize,
      onsessioninitialized: (id) => {
        this.sessions.set(id, { server, transport, lastSeen: Date.now() });
        this.options.logger.debug({ session_id: id }, 'legacy session opened');
      },
      onsessionclosed: (id) => {
        this.sessions.delete(id);
        this.options.logger.debug({ session_id: id }, 'legacy session closed');
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return transport.handleRequest(request, { parsedBody });
  }

  /** Every open session's server, e.g. to send list-changed notifications. */
  servers(): McpServer[] {
    return [...this.sessions.values()].map((s) => s.server);
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleTimeoutMs;
    for (const [id, session] of this.sessions) {
      if (session.lastSeen < cutoff) {
        this.sessions.delete(id);
        void session.server.close().catch(() => {});
      }
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const closing = [...this.sessions.values()].map((s) => s.server.close().catch(() => {}));
    this.sessions.clear();
    await Promise.all(closing);
  }
}

export function jsonRpcError(status: number, code: number, message: string, id: string | number | null = null): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
