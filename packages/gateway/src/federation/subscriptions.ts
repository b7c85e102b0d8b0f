import type { Logger, McpServer } from '@mcp/runtime';
import { RPC_RESOURCE_NOT_FOUND, RpcError } from '../backends/errors.js';
import type { ManagedBackend } from '../backends/managed-backend.js';
import { type FederatedIndex, resolveUri } from './catalog-index.js';
import { exposerFor } from './rewrite.js';

type Route = { backend: ManagedBackend; original: string };

/**
 * resources/subscribe through the gateway (2025-era sessions: one MCP server
 * instance each). The gateway keeps one backend subscription per URI however
 * many sessions want it, and fans `notifications/resources/updated` out to
 * the sessions that subscribed, under the URI they know.
 */
export class GatewaySubscriptions {
  private readonly sessions = new Map<string, Set<McpServer>>();
  private readonly routes = new Map<string, Route>();

  constructor(
    private readonly index: () => FederatedIndex,
    private readonly logger: Logger,
  ) {}

  async subscribe(server: McpServer, uri: string): Promise<void> {
    let set = this.sessions.get(uri);
    if (!set) {
      const route = resolveUri(this.index(), uri);
      if (!route) throw new RpcError(RPC_RESOURCE_NOT_FOUND, `Resource ${uri} not found on any backend`, { uri });
      set = new Set();
      this.sessions.set(uri, set);
      this.routes.set(uri, route);
      // Kept by the backend across reconnects even when this first attempt fails.
      await route.backend.subscribe(route.original).catch((error) => this.warn(route, 'subscribe', error));
    }
    set.add(server);
  }

  async unsubscribe(server: McpServer, uri: string): Promise<void> {
    const set = this.sessions.get(uri);
    if (!set?.delete(server) || set.size > 0) return;
    this.sessions.delete(uri);
    const route = this.routes.get(uri);
    this.routes.delete(uri);
    if (route) await route.backend.unsubscribe(route.original).catch((error) => this.warn(route, 'unsubscribe', error));
  }

  /** A session ended: drop its subscriptions. */
  forget(server: McpServer): void {
    for (const [uri, set] of this.sessions) if (set.has(server)) void this.unsubscribe(server, uri);
  }

  updated(backend: ManagedBackend, original: string): void {
    const uri = exposerFor(this.index, backend)(original);
    for (const server of this.sessions.get(uri) ?? []) {
      server.server.sendResourceUpdated({ uri }).catch(() => this.forget(server));
    }
  }

  private warn(route: Route, what: string, error: unknown): void {
    this.logger.warn({ backend: route.backend.name, uri: route.original, err: error instanceof Error ? error.message : error }, `backend ${what} failed`);
  }
}
