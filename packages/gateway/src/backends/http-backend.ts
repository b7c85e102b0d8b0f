import { SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { isStdio, type NamedBackendConfig } from '../config/schema.js';
import { CallingBackend } from './calling-backend.js';
import type { ConnectContext, Connection } from './connection.js';
import type { BackendDeps, ManagedBackend } from './managed-backend.js';
import { createDirectRoute } from './direct-call.js';
import { createBackendClient, GATEWAY_CAPABILITIES, GATEWAY_CLIENT_INFO, lossSignal } from './mcp-client.js';
import { createPooledFetch } from './pooled-fetch.js';

/**
 * A backend over the network: Streamable HTTP (2026-07-28 negotiated, 2025
 * sessions as fallback) or the legacy HTTP+SSE transport (`type: 'sse'`).
 * Configured headers go on every request (including the SSE GET).
 */
class HttpBackend extends CallingBackend {
  protected async open(ctx: ConnectContext): Promise<Connection> {
    const config = this.config;
    if (isStdio(config)) throw new TypeError(`Backend '${this.name}' is a stdio backend`);
    const url = new URL(config.url);
    const headers: Record<string, string> = { ...config.headers };
    const sse = config.type === 'sse';
    // SSE is the 2024-11-05 transport: there is nothing to negotiate.
    const client = createBackendClient(ctx, sse ? undefined : {});
    // Streamable HTTP: one keep-alive pool per connection, without the web fetch machinery (see pooled-fetch.ts).
    const pooled = sse ? undefined : createPooledFetch(url.origin);
    const transport = sse
      ? new SSEClientTransport(url, { requestInit: { headers }, fetch: withHeaders(headers) })
      : new StreamableHTTPClientTransport(url, {
          requestInit: { headers },
          fetch: pooled?.fetch,
          reconnectionOptions: { initialReconnectionDelay: 500, maxReconnectionDelay: 5_000, reconnectionDelayGrowFactor: 2, maxRetries: 2 },
        });
    const loss = lossSignal();
    client.onclose = () => loss.fire('connection closed');
    try {
      await client.connect(transport, { timeout: ctx.timeoutMs });
    } catch (error) {
      await client.close().catch(() => {});
      await pooled?.close().catch(() => {});
      throw error;
    }
    // On a 2026-07-28 connection the only long-lived stream is the list_changed
    // subscription. The backend ending it (shutting down) or the stream
    // dropping means we would miss changes: reconnect, which re-lists and re-subscribes.
    void client.autoOpenedSubscription?.closed.then((how) => {
      if (how !== 'local') loss.fire(`list-change subscription ended (${how})`);
    });
    const direct =
      pooled &&
      this.deps.directCalls !== false &&
      createDirectRoute({
        pooled,
        url,
        headers,
        clientInfo: GATEWAY_CLIENT_INFO,
        capabilities: GATEWAY_CAPABILITIES,
        protocolVersion: () => client.getNegotiatedProtocolVersion(),
      });
    return {
      client,
      ...(direct && { direct }),
      onLost: loss.on,
      close: async () => {
        loss.fire('closed');
        // Ends a 2025-era session on the backend instead of leaving it to expire.
        if (transport instanceof StreamableHTTPClientTransport && transport.sessionId) {
          await withDeadline(transport.terminateSession(), 1_000).catch(() => {});
        }
        await client.close().catch(() => {});
        await pooled?.close().catch(() => {});
      },
    };
  }
}

function withHeaders(headers: Record<string, string>): typeof fetch {
  return (input, init) => {
    const merged = new Headers(headers);
    for (const [key, value] of new Headers(init?.headers)) merged.set(key, value);
    return fetch(input, { ...init, headers: merged });
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('deadline')), ms).unref())]);
}

export function createHttpBackend(named: NamedBackendConfig, deps: BackendDeps): ManagedBackend {
  if (isStdio(named.config)) throw new TypeError(`Backend '${named.name}' has a command: use createStdioBackend`);
  return new HttpBackend(named, deps, true);
}
