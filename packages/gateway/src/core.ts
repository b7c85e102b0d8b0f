import type { Server } from 'node:http';
import type { HealthCheckOptions, RuntimeKit } from '@mcp/runtime';
import type { Hono } from 'hono';
import { adminKeyCheck } from './admin/auth.js';
import { attachEventsWebSocket } from './admin/events-stream.js';
import { mountAdminRoutes } from './admin/routes.js';
import { adminActorOf } from './audit/admin-actor.js';
import { AdminAudit } from './audit/admin-audit.js';
import { createBackendManager } from './backends/manager.js';
import { mountCanaryRoutes } from './canary/canary-routes.js';
import { createGatewayCanaries } from './canary/gateway-canaries.js';
import type { GatewayEnv } from './env.js';
import { EventBus } from './events/event-bus.js';
import { createFederation } from './federation/federation.js';
import { FeatureFlags } from './flags/feature-flags.js';
import { mountFlagRoutes } from './flags/flag-routes.js';
import { createGovernance } from './governance/governance.js';
import { jwtConfigFromEnv } from './governance/jwt-config.js';
import { watchMigrationRuns } from './migration/run-metrics.js';
import { Registry } from './registry/registry.js';
import { watchRegistryFile } from './registry/watcher.js';
import { createStore } from './store/index.js';
import { withWorkflowTools, workflowNamespaceOf } from './workflows/mcp-tools.js';
import { createWorkflows } from './workflows/workflows.js';

export interface GatewayCoreOptions {
  loopbackBind: boolean;
  notifyToolsChanged: () => void;
  /** A backend's resources (or templates) / prompts changed as clients see them. */
  notifyResourcesChanged?: () => void;
  notifyPromptsChanged?: () => void;
  /** The raw environment the gateway was started with (`${VAR}` expansion in the registry file). */
  env?: Record<string, string | undefined>;
}

/**
 * Everything the gateway is made of, built once at start-up: store (migrated),
 * event bus, backend manager, federation, registry (first reload applied) and
 * the file watcher. Closed in reverse order at shutdown.
 */
export async function createGatewayCore(kit: RuntimeKit<GatewayEnv>, options: GatewayCoreOptions) {
  const { env, logger } = kit;
  const store = createStore({ databaseUrl: env.DATABASE_URL, sqlitePath: env.GATEWAY_SQLITE_PATH, sqliteSynchronous: env.GATEWAY_SQLITE_SYNCHRONOUS });
  await store.migrate();
  const events = new EventBus();
  const flags = new FeatureFlags(env, events);
  // Issue 6: admin and system actions go to the tool-call audit log (late-bound: governance is built below).
  const adminAudit = new AdminAudit((entry) => governance.writer.append(entry), logger.child({ component: 'audit' }));
  const stopMigrationMetrics = watchMigrationRuns(store, logger, env.GATEWAY_STATE_POLL_MS);
  const manager = createBackendManager({ logger, events, healthIntervalMs: env.GATEWAY_HEALTH_INTERVAL_MS, defaultTimeoutMs: env.GATEWAY_BACKEND_TIMEOUT_MS });
  // Issue 6: canaries follow the registry (read lazily: it is created below, before the first reload).
  const canaries = createGatewayCanaries({
    events,
    logger,
    flags,
    defaultTimeoutMs: env.GATEWAY_BACKEND_TIMEOUT_MS,
    configs: () => registry.configs(),
    store,
    audit: adminAudit,
    pollMs: env.GATEWAY_STATE_POLL_MS,
    policy: {
      windowMs: env.GATEWAY_CANARY_WINDOW_MS,
      minCalls: env.GATEWAY_CANARY_MIN_CALLS,
      errorMargin: env.GATEWAY_CANARY_ERROR_MARGIN,
      p95Regression: env.GATEWAY_CANARY_P95_REGRESSION,
      p95MinDeltaMs: env.GATEWAY_CANARY_P95_MIN_DELTA_MS,
    },
  });
  const federation = createFederation({
    manager,
    events,
    logger,
    onChange: (lists) => {
      if (lists.tools) options.notifyToolsChanged();
      if (lists.resources) options.notifyResourcesChanged?.();
      if (lists.prompts) options.notifyPromptsChanged?.();
    },
    routeCall: canaries.router,
  });
  // Issue 7: workflows call federated tools through governance (late-bound: built next), and serve their own tools beside them.
  const workflows = await createWorkflows({
    store,
    events,
    logger,
    tools: federation.toolSource,
    governance: () => governance,
    dir: env.GATEWAY_WORKFLOWS_DIR,
    leaseMs: env.GATEWAY_WORKFLOW_LEASE_MS,
    stepTimeoutMs: env.GATEWAY_WORKFLOW_STEP_TIMEOUT_MS,
    onToolsChanged: () => options.notifyToolsChanged(),
  });
  const governance = createGovernance({
    store,
    events,
    logger,
    toolSource: withWorkflowTools(federation.toolSource, workflows.tools, workflows.enabled),
    namespaceOf: (tool) => federation.namespaceOf(tool) ?? workflowNamespaceOf(tool),
    staticKeys: kit.settings.MCP_API_KEYS,
    // Anonymous full access only while no key exists, and only where the
    // gateway was already open before keys: loopback, or an explicit public opt-in.
    allowAnonymousWhenNoKeys: options.loopbackBind || kit.settings.MCP_ALLOW_PUBLIC_BIND,
    rateLimitIdentity: env.GATEWAY_RATE_LIMIT_IDENTITY,
    rateLimitTool: env.GATEWAY_RATE_LIMIT_TOOL,
    redisUrl: kit.settings.REDIS_URL,
    auditQueueCapacity: env.GATEWAY_AUDIT_QUEUE,
    approvals: { mode: env.GATEWAY_APPROVAL_POLICY, tools: env.GATEWAY_APPROVAL_TOOLS, timeoutMs: env.GATEWAY_APPROVAL_TIMEOUT_MS },
    jwt: jwtConfigFromEnv(env),
  });
  const registry = new Registry({
    ...(options.env && { env: options.env }),
    path: env.MCP_CONFIG,
    store,
    manager,
    events,
    logger,
    useStore: () => flags.get().MCP_USE_NEW_SYSTEM,
  });
  // Issue 6: flipping MCP_USE_NEW_SYSTEM at run time re-applies the registry with or without the store's records.
  events.subscribe((e) => {
    if (e.type === 'flag.changed' && e.data.flag === 'MCP_USE_NEW_SYSTEM') void registry.reload('api');
  });
  const startedAt = new Date().toISOString();
  const first = await registry.reload('startup');
  if (first.outcome !== 'applied') logger.error({ reload: first }, 'initial registry load was not applied; serving what could be loaded');
  const watcher =
    env.GATEWAY_WATCH === 'true'
      ? watchRegistryFile({ path: env.MCP_CONFIG, debounceMs: env.GATEWAY_RELOAD_DEBOUNCE_MS, onChange: () => void registry.reload('file') })
      : undefined;
  // Resume runs a dead gateway left (their leases lapsed) now that backends are connected.
  workflows.start();

  kit.onShutdown(async () => {
    await watcher?.close();
    await workflows.close();
    stopMigrationMetrics();
    await manager.close();
    await canaries.close();
    await governance.close();
    await store.close();
  });

  const adminAllowed = adminKeyCheck(env.GATEWAY_ADMIN_API_KEYS, options.loopbackBind);

  return {
    store,
    events,
    manager,
    federation,
    registry,
    governance,
    flags,
    canaries,
    workflows,
    health: (): Record<string, HealthCheckOptions> => ({
      audit: { critical: true, cacheMs: 0, check: () => governance.health() },
      store: { critical: true, check: async () => ({ status: 'healthy' as const, metadata: { engine: store.engine, ...(await store.ping()) } }) },
      backends: {
        cacheMs: 0,
        check: () => {
          const all = manager.status();
          const down = all.filter((b) => b.state !== 'healthy').map((b) => b.name);
          return { status: down.length === 0 ? 'healthy' : 'degraded', metadata: { total: all.length, unhealthy: down } };
        },
      },
      registry: {
        cacheMs: 0,
        check: () => ({
          status: registry.last?.outcome === 'failed' ? 'degraded' : 'healthy',
          metadata: { version: registry.version, lastReload: registry.last?.outcome },
        }),
      },
    }),
    mountAdmin: (app: Hono) => {
      mountAdminRoutes(app, {
        registry,
        store,
        manager,
        events,
        adminKeys: env.GATEWAY_ADMIN_API_KEYS,
        loopbackBind: options.loopbackBind,
        collisions: () => federation.collisions(),
        toolCount: () => federation.toolSource.list({}).length,
        startedAt,
      });
      governance.mountRoutes(app);
      workflows.mountRoutes(app);
      const actorOf = adminActorOf(env.GATEWAY_ADMIN_API_KEYS);
      mountFlagRoutes(app, { flags, audit: adminAudit, actorOf });
      mountCanaryRoutes(app, { canaries, actorOf });
    },
    attachWebSocket: (server: Server) =>
      attachEventsWebSocket(server, events, (request, url) =>
        adminAllowed((request.headers['x-api-key'] as string | undefined) ?? url.searchParams.get('api_key') ?? undefined),
      ),
  };
}
