import type { Logger } from '@mcp/runtime';
import { createBackend } from '../backends/factory.js';
import type { NamedBackendConfig } from '../config/schema.js';
import type { EventBus } from '../events/event-bus.js';
import type { FeatureFlags } from '../flags/feature-flags.js';
import { autoRollbackEnabled } from '../flags/flag-schema.js';
import type { CanaryPolicy } from './canary-controller.js';
import { CanaryManager } from './canary-manager.js';

export interface GatewayCanariesOptions {
  events: EventBus;
  logger: Logger;
  flags: FeatureFlags;
  defaultTimeoutMs: number;
  policy?: Partial<CanaryPolicy>;
  /** The configs in force, read after every applied reload. */
  configs: () => readonly NamedBackendConfig[];
}

/**
 * The gateway's canaries: auto-rollback follows the flags at run time
 * (`MCP_ENABLE_AUTO_ROLLBACK`, or `MCP_MIGRATION_MODE=safe`), canary backends
 * come from the same factory as the others, and every applied reload
 * re-reads the `canary` fields of the registry.
 */
export function createGatewayCanaries(options: GatewayCanariesOptions): CanaryManager {
  const logger = options.logger.child({ component: 'canary' });
  const canaries = new CanaryManager({
    events: options.events,
    logger,
    autoRollback: () => autoRollbackEnabled(options.flags.get()),
    ...(options.policy && { policy: options.policy }),
    createBackend: (named) => createBackend(named, { logger, defaultTimeoutMs: options.defaultTimeoutMs }),
  });
  options.events.subscribe((event) => {
    if (event.type === 'reload.applied') canaries.sync(options.configs());
  });
  return canaries;
}
