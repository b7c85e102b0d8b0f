import { createService } from '@mcp/runtime';
import { createBackendManager } from '../../src/backends/manager.js';
import type { NamedBackendConfig } from '../../src/config/schema.js';
import { EventBus } from '../../src/events/event-bus.js';
import { createFederation } from '../../src/federation/federation.js';
import { silentLogger } from '../backends/helpers.js';

/**
 * The gateway as server.ts will wire it (minus registry and admin API): the
 * runtime service serving the federation's tool source and handlers, the
 * manager's catalogue changes forwarded to connected clients.
 */
export async function startGateway(backends: NamedBackendConfig[], options: { healthIntervalMs?: number } = {}) {
  const events = new EventBus();
  const manager = createBackendManager({
    logger: silentLogger,
    events,
    healthIntervalMs: options.healthIntervalMs ?? 200,
    defaultTimeoutMs: 10_000,
    backoff: { baseMs: 100, capMs: 500 },
    breaker: { failureThreshold: 3, resetTimeoutMs: 1_000 },
  });
  // Assigned after the federation that notifies it.
  let service: ReturnType<typeof createService> | undefined;
  const federation = createFederation({
    manager,
    events,
    logger: silentLogger,
    onChange: (lists) => {
      if (lists.tools) service?.notifyToolsChanged();
      if (lists.resources) service?.notifyResourcesChanged();
      if (lists.prompts) service?.notifyPromptsChanged();
    },
  });
  service = createService(
    { name: 'gateway', version: '0.0.0-test', tools: [], toolSource: () => federation.toolSource, configure: (server) => federation.configure(server) },
    { env: { LOG_LEVEL: 'silent', MCP_LIST_CACHE_TTL_SECONDS: '0', MCP_SHUTDOWN_DRAIN_MS: '200' } },
  );
  await manager.apply(backends);
  const running = await service.start({ port: 0, host: '127.0.0.1' });
  return {
    url: running.url,
    manager,
    federation,
    events,
    close: async () => {
      await service?.stop();
      federation.close();
      await manager.close();
    },
  };
}

export const httpBackend = (name: string, url: string, extra: Record<string, unknown> = {}): NamedBackendConfig => ({
  name,
  config: { type: 'http', url, headers: {}, enabled: true, ...extra } as NamedBackendConfig['config'],
  source: 'file',
});
