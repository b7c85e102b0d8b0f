import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/server';
import type { SSEServerTransport } from '@modelcontextprotocol/server-legacy/sse';
import type { Logger } from '../logging/logger.js';
import { jsonRpcError } from './legacy-sessions.js';

interface SseSession {
  server: McpServer;
  transport: SSEServerTransport;
}

/**
 * The deprecated HTTP+SSE transport (protocol 2024-11-05): `GET /sse` opens an
 * event stream whose first event names the POST endpoint (`/messages?sessionId=`);
 * requests arrive there and answers go down the stream. The v2 server package
 * does not serve it; the frozen v1 transport from server-legacy does, on raw
 * Node request/response objects.
 */
export class LegacySse {
  private readonly sessions = new Map<string, SseSession>();

  constructor(
    private readonly build: () => McpServer,
    private readonly logger: Logger,
    private readonly messagesPath = '/messages',
  ) {}

  get count(): number {
    return this.sessions.size;
  }

  async open(res: ServerResponse): Promise<void> {
    // Loaded on the first legacy client: the frozen v1 transport (and Express under it) costs
    // ~20 MiB and a few hundred ms of start-up that services without 2024-11-05 clients never need.
    const { SSEServerTransport } = await import('@modelcontextprotocol/server-legacy/sse');
    const transport = new SSEServerTransport(this.messagesPath, res);
    const server = this.build();
    this.sessions.set(transport.sessionId, { server, transport });
    transport.onclose = () => {
      this.sessions.delete(transport.sessionId);
      this.logger.debug({ session_id: transport.sessionId }, 'sse session closed');
    };
    res.on('close', () => {
      this.sessions.delete(transport.sessionId);
      void server.close().catch(() => {});
    });
    await server.connect(transport);
    this.logger.debug({ session_id: transport.sessionId }, 'sse session opened');
  }

  /** Returns a Response for errors; undefined when the transport answered on `res` itself. */
  async post(sessionId: string | undefined, req: IncomingMessage, res: ServerResponse, parsedBody: unknown): Promise<Response | undefined> {
    const session = sessionId ? this.sessions.get(sessionId) : undefined;
    if (!session) return jsonRpcError(404, -32001, 'Unknown or expired SSE session: open a new stream with GET /sse.');
    await session.transport.handlePostMessage(req, res, parsedBody);
    return undefined;
  }

  async closeAll(): Promise<void> {
    const closing = [...this.sessions.values()].map((s) => s.server.close().catch(() => {}));
    this.sessions.clear();
    await Promise.all(closing);
  }

  servers(): McpServer[] {
    return [...this.sessions.values()].map((s) => s.server);
  }
}
