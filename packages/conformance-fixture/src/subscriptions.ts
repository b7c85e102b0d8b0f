import type { McpServer } from '@mcp/runtime';

/**
 * resources/subscribe and resources/unsubscribe (2025-era), which the
 * declarative resource definitions do not cover. Subscriptions are tracked per
 * server instance — one per 2025-era session — so a session's unsubscribe only
 * affects its own. The fixture's resources never change, so no
 * `notifications/resources/updated` is ever due.
 */
export function configureSubscriptions(server: McpServer): void {
  const subscribed = new Set<string>();
  server.server.registerCapabilities({ resources: { subscribe: true } });
  server.server.setRequestHandler('resources/subscribe', async (request) => {
    subscribed.add(request.params.uri);
    return {};
  });
  server.server.setRequestHandler('resources/unsubscribe', async (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });
}
