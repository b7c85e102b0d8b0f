import type { Logger, Principal, ToolMiddleware, ToolSource } from '@mcp/runtime';
import type { Hono } from 'hono';
import type { EventBus } from '../events/event-bus.js';
import type { GatewayPrincipal } from '../governance/scopes.js';
import type { ApiKeyStore } from '../governance/types.js';
import type { Store } from '../store/store.js';
import { WorkflowEngine } from './engine.js';
import { workflowTools } from './mcp-tools.js';
import { mountWorkflowRoutes } from './routes.js';
import { createStepCaller } from './step-caller.js';
import { TemplateCatalog } from './template-catalog.js';
import type { RunIdentity } from './workflow-store.js';
import { workflowStoreFor } from './workflow-store-for.js';

export interface WorkflowsOptions {
  store: Store;
  events: EventBus;
  logger: Logger;
  /** The federated catalogue steps call into (not the one with the workflow tools: a step cannot start a workflow). */
  tools: ToolSource;
  /** Late-bound: governance is built after the workflow tools it serves. */
  governance: () => { middleware: ToolMiddleware; store: ApiKeyStore };
  dir: string | undefined;
  leaseMs: number;
  stepTimeoutMs: number;
  /** The workflow tools appeared or disappeared (first template created, last one deleted). */
  onToolsChanged: () => void;
}

/** Workflows (issue 7) as one unit for the core: engine, catalogue, MCP tools, admin routes. */
export async function createWorkflows(options: WorkflowsOptions) {
  const logger = options.logger.child({ component: 'workflows' });
  const store = workflowStoreFor(options.store);
  const catalog = new TemplateCatalog(store, options.dir, logger, options.onToolsChanged);
  await catalog.reloadFiles();
  const call = createStepCaller({ tools: options.tools, governance: (c, next) => options.governance().middleware(c, next), logger });
  const engine = new WorkflowEngine({
    store,
    catalog,
    call,
    events: options.events,
    logger,
    leaseMs: options.leaseMs,
    defaultStepTimeoutMs: options.stepTimeoutMs,
    principalFor: (identity) => principalFor(identity, options.governance().store),
  });
  return {
    engine,
    catalog,
    store,
    tools: workflowTools(engine, catalog),
    /** Whether the workflow tools are served (some template exists). */
    enabled: () => catalog.hasAny,
    /** Starts resuming interrupted runs; call once the backends are connected. */
    start: () => engine.start(),
    mountRoutes: (app: Hono) => mountWorkflowRoutes(app, { engine, catalog, store, events: options.events }),
    close: () => engine.close(),
  };
}

export type Workflows = Awaited<ReturnType<typeof createWorkflows>>;

/**
 * The principal a step runs as. A stored API key is looked up again before
 * every step: a revoked key stops its runs, and narrowed scopes apply to the
 * steps still to come. Static keys, anonymous and admin runs keep what they had.
 */
async function principalFor(identity: RunIdentity, keys: ApiKeyStore): Promise<Principal> {
  if (identity.kind !== 'api-key') return { id: identity.id, ...(identity.name && { name: identity.name }), kind: identity.kind, access: identity.access };
  const record = (await keys.listApiKeys()).find((k) => `key:${k.id}` === identity.id);
  if (!record || record.revokedAt) throw new Error(`the API key that started this run (${identity.name ?? identity.id}) has been revoked`);
  return { id: identity.id, name: record.name, kind: 'api-key', access: record.scopes } satisfies GatewayPrincipal;
}
