import type { Logger } from '../logging/logger.js';
import type { McpEndpoint } from '../transport/mcp-endpoint.js';
import type { LegacySse } from '../transport/legacy-sse.js';

/** The lists whose changes MCP announces with `notifications/<list>/list_changed`. */
export type ChangedList = 'tools' | 'resources' | 'prompts';

const NOTIFY = {
  tools: { modern: 'toolsChanged', legacy: 'sendToolListChanged' },
  resources: { modern: 'resourcesChanged', legacy: 'sendResourceListChanged' },
  prompts: { modern: 'promptsChanged', legacy: 'sendPromptListChanged' },
} as const;

/**
 * Tells every connected client that a list changed: 2026-07-28 `subscriptions/listen`
 * streams through the endpoint's notifier, 2025-era sessions and legacy SSE
 * connections through their own server instance. A server that does not advertise
 * the list's capability rejects the notification; that is logged, never thrown
 * (the SDK's send would otherwise be an unhandled rejection).
 */
export function broadcastListChanged(list: ChangedList, where: { endpoint: McpEndpoint; sse: LegacySse; logger: Logger }): void {
  const { modern, legacy } = NOTIFY[list];
  where.endpoint.notify[modern]();
  for (const server of [...where.endpoint.sessions.servers(), ...where.sse.servers()]) {
    if (!server.isConnected()) continue;
    server.server[legacy]().catch((error: unknown) =>
      where.logger.debug({ err: (error as Error).message, list }, `${list}/list_changed not sent to a session`),
    );
  }
}
