import type { Logger } from '@mcp/runtime';
import type { AdminAudit } from '../audit/admin-audit.js';
import { createBackend } from '../backends/factory.js';
import type { NamedBackendConfig } from '../config/schema.js';
import type { EventBus } from '../events/event-bus.js';
import type { FeatureFlags } from '../flags/feature-flags.js';
import { autoRollbackEnabled } from '../flags/flag-schema.js';
import type { Store } from '../store/store.js';
import type { CanaryPolicy } from './canary-controller.js';
import { CanaryManager } from './canary-manager.js';
import { canaryOverrideStoreFor } from './canary-override-store.js';

export interface GatewayCanariesOptions {
  events: EventBus;
  logger: Logger;
  flags: FeatureFlags;
  defaultTimeoutMs: number;
  policy?: Partial<CanaryPolicy>;
  /** The configs in force, read after every applied reload. */
  configs: () => readonly NamedBackendConfig[];
  /** Holds the overrides (rollbacks, promotions, weights) every replica and restart applies. */
  store: Store;
  audit: AdminAudit;
  /** How often overrides written by other replicas are re-read (they are also re-read at every reload). */
  pollMs: number;
}

/**
 * The gateway's canaries: auto-rollback follows the flags at run time
 * (`MCP_ENABLE_AUTO_ROLLBACK`, or `MCP_MIGRATION_MODE=safe`), canary backends
 * come from the same factory as the others, every applied reload
 * re-reads the `canary` fields of the registry, and run-time changes are
 * kept in the store (`canary_overrides`), re-read at every reload and every
 * `pollMs`, so a restart or another replica never resurrects a rolled-back canary.
 */
export function createGatewayCanaries(options: GatewayCanariesOptions): CanaryManager {
  const logger = options.logger.child({ component: 'canary' });
  const canaries = new CanaryManager({
    events: options.events,
    logger,
    autoRollback: () => autoRollbackEnabled(options.flags.get()),
    ...(options.policy && { policy: options.policy }),
    createBackend: (named) => createBackend(named, { logger, defaultTimeoutMs: options.defaultTimeoutMs }),
    overrides: canaryOverrideStoreFor(options.store),
    audit: options.audit,
  });
  options.events.subscribe((event) => {
    if (event.type === 'reload.applied') canaries.sync(options.configs());
  });
  canaries.startPolling(options.pollMs);
  return canaries;
}
