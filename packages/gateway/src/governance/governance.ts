import { withPendingGauge } from '../approvals/pending-gauge.js';
import { countAuditWriteFailures } from '../audit/audit-metrics.js';
import { composeMiddleware, type Logger, type ToolMiddleware, type ToolSource } from '@mcp/runtime';
import type { Hono } from 'hono';
import { approvalMiddleware } from '../approvals/approval-middleware.js';
import { approvalPolicy } from '../approvals/policy.js';
import { mountApprovalRoutes } from '../approvals/routes.js';
import { auditMiddleware } from '../audit/audit-middleware.js';
import { AuditWriter } from '../audit/audit-writer.js';
import type { EventBus } from '../events/event-bus.js';
import type { Store } from '../store/store.js';
import { gatewayAuthenticator } from './authenticate.js';
import { jwtVerifier } from './jwt-auth.js';
import type { JwtConfig } from './jwt-config.js';
import { mountProtectedResourceRoutes } from './protected-resource.js';
import { approvalStoreFor, governanceStoreFor } from './governance-store.js';
import { mountGovernanceRoutes } from './routes.js';
import { gatewayRateLimiters } from './rate-limits.js';
import { scopeMiddleware } from './scope-middleware.js';
import { scopedToolSource } from './scoped-tool-source.js';

export interface GovernanceOptions {
  store: Store;
  events: EventBus;
  logger: Logger;
  toolSource: ToolSource;
  namespaceOf: (tool: string) => string | undefined;
  staticKeys: readonly string[];
  allowAnonymousWhenNoKeys: boolean;
  rateLimitIdentity?: string | undefined;
  rateLimitTool?: string | undefined;
  redisUrl?: string | undefined;
  auditQueueCapacity?: number;
  approvals?: { mode: 'destructive' | 'off'; tools: readonly string[]; timeoutMs: number; pollMs?: number };
  /** OAuth resource-server mode (bearer JWTs against a JWKS); off when absent. */
  jwt?: JwtConfig | undefined;
}

/**
 * Identities, scopes, rate limits and the audit log, as one unit the core
 * builds after the store. Order of the chain: audit (outermost, so refusals
 * below are recorded too) → scopes → rate limits → approvals → the call.
 * Approvals come last so a call nobody may make never pages a person.
 */
export function createGovernance(options: GovernanceOptions) {
  const store = governanceStoreFor(options.store);
  const logger = options.logger.child({ component: 'governance' });
  const jwt = options.jwt;
  const auth = gatewayAuthenticator({
    store,
    staticKeys: options.staticKeys,
    allowAnonymousWhenNoKeys: options.allowAnonymousWhenNoKeys,
    ...(jwt && {
      jwt: {
        verifier: jwtVerifier(jwt.settings),
        resource: jwt.resource,
        onUnavailable: (error) => logger.warn({ err: error.cause ?? error, jwks: jwt.settings.jwksUrl }, 'JWKS unavailable; bearer tokens answered 503'),
      },
    }),
  });
  const writer = new AuditWriter(store, {
    ...(options.auditQueueCapacity !== undefined && { capacity: options.auditQueueCapacity }),
    onWriteFailure: (error, rows) => {
      countAuditWriteFailures(rows);
      logger.error({ err: error, rows }, 'audit write failed; tool calls fail closed until the store answers');
    },
  });
  const limiters = gatewayRateLimiters({ perIdentity: options.rateLimitIdentity, perIdentityTool: options.rateLimitTool, redisUrl: options.redisUrl });
  const approvals = withPendingGauge(approvalStoreFor(options.store));
  const wakeups = new Map<string, () => void>();
  const approvalOptions = options.approvals ?? { mode: 'destructive', tools: [], timeoutMs: 50_000 };
  const chain: ToolMiddleware[] = [
    auditMiddleware(writer),
    scopeMiddleware(options.namespaceOf),
    ...limiters.map((l) => l.middleware),
    approvalMiddleware({
      store: approvals,
      events: options.events,
      policy: approvalPolicy(approvalOptions),
      timeoutMs: approvalOptions.timeoutMs,
      wakeups,
      ...(approvalOptions.pollMs !== undefined && { pollMs: approvalOptions.pollMs }),
    }),
  ];
  // The runtime composes its own chain around one middleware per entry; ours
  // is composed here so server.ts needs a single, late-bound entry.
  const middleware: ToolMiddleware = (call, next) => composeMiddleware(chain, () => next())(call);

  return {
    store,
    writer,
    authenticate: auth.authenticate,
    middleware,
    toolSource: scopedToolSource(options.toolSource, options.namespaceOf),
    approvals,
    mountRoutes: (app: Hono) => {
      mountGovernanceRoutes(app, { store, onKeysChanged: auth.invalidate });
      if (jwt) mountProtectedResourceRoutes(app, jwt.resource);
      mountApprovalRoutes(app, { store: approvals, events: options.events, wakeups });
    },
    health: () => ({
      status: writer.healthy ? ('healthy' as const) : ('unhealthy' as const),
      metadata: { written: writer.written, writeFailures: writer.failures, queued: writer.depth, ...(writer.lastError && { lastError: writer.lastError }) },
    }),
    close: async () => {
      await writer.drain();
      for (const l of limiters) await l.close();
    },
  };
}

export type Governance = ReturnType<typeof createGovernance>;
