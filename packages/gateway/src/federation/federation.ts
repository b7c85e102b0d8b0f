import type { DynamicTool, Logger, McpServer, ToolSource } from '@mcp/runtime';
import type { GatewayBackendManager } from '../backends/manager.js';
import type { CallRouter } from '../canary/canary-manager.js';
import type { EventBus } from '../events/event-bus.js';
import { buildIndex, type Collision, type FederatedIndex } from './catalog-index.js';
import { toDynamicTool } from './federated-tools.js';
import { installFederationHandlers } from './handlers.js';
import { GatewaySubscriptions } from './subscriptions.js';

export interface FederationOptions {
  manager: GatewayBackendManager;
  events: EventBus;
  logger: Logger;
  /** Called when what clients can list changed, saying which lists (wire them to `service.notify{Tools,Resources,Prompts}Changed()`). */
  onChange?: (lists: ChangedLists) => void;
  /** Issue 6: picks the target of each tool call (canary routing); default: the backend itself. */
  routeCall?: CallRouter;
}

/** Which federated lists changed in one rebuild (resources include templates). */
export interface ChangedLists {
  tools: boolean;
  resources: boolean;
  prompts: boolean;
}

export interface Federation {
  /** For `createService({ toolSource })`: list = healthy backends only; get = route (an unhealthy backend's tool fails fast, naming it). */
  readonly toolSource: ToolSource;
  /** For `createService({ configure })`: federated resources, templates, subscriptions, prompts, completions. */
  configure(server: McpServer): void;
  collisions(): Collision[];
  /** The namespace a namespaced tool belongs to (scope checks), undefined for unknown names. */
  namespaceOf(tool: string): string | undefined;
  /** Bumped on every visible change of the federated catalogue. */
  readonly catalogVersion: number;
  onChange(listener: (lists: ChangedLists) => void): () => void;
  /** Rebuilds now (normally driven by the manager's onCatalogChanged). */
  rebuild(): void;
  close(): void;
}

interface Listings {
  tools: DynamicTool[];
  resources: unknown[];
  resourceTemplates: unknown[];
  prompts: unknown[];
}

const EMPTY: Listings = { tools: [], resources: [], resourceTemplates: [], prompts: [] };

/**
 * The federated catalogue over the backend manager. Everything a list call
 * returns is precomputed when the catalogue changes (not per request), so
 * tools/list across dozens of backends costs an array copy.
 */
export function createFederation(options: FederationOptions): Federation {
  const { manager, events } = options;
  const logger = options.logger.child({ component: 'federation' });
  const listeners = new Set<(lists: ChangedLists) => void>(options.onChange ? [options.onChange] : []);
  let index: FederatedIndex = buildIndex([]);
  let tools = new Map<string, DynamicTool>();
  let listings: Listings = EMPTY;
  let fingerprint = '';
  // Per list, so clients re-list only what changed.
  let prints = { tools: '', resources: '', prompts: '' };
  let version = 0;
  let reported = new Set<string>();
  const currentIndex = () => index;

  const rebuild = () => {
    const next = buildIndex(manager.list());
    const nextTools = new Map<string, DynamicTool>();
    for (const [name, entry] of next.tools) nextTools.set(name, toDynamicTool(entry, currentIndex, options.routeCall));
    const healthy = (b: { status(): { state: string } }) => b.status().state === 'healthy';
    const nextListings: Listings = {
      tools: [...next.tools.values()].filter((e) => healthy(e.backend)).map((e) => nextTools.get(e.exposed) as DynamicTool),
      resources: [...next.resources.values()].filter((e) => healthy(e.backend)).map((e) => ({ ...e.item, uri: e.exposed })),
      resourceTemplates: [...next.templates.values()].filter((e) => healthy(e.backend)).map((e) => ({ ...e.item, uriTemplate: e.exposed })),
      prompts: [...next.prompts.values()].filter((e) => healthy(e.backend)).map((e) => ({ ...e.item, name: e.exposed })),
    };
    index = next;
    tools = nextTools;
    listings = nextListings;
    reportCollisions(next.collisions);
    const print = JSON.stringify([nextListings.tools.map(describe), nextListings.resources, nextListings.resourceTemplates, nextListings.prompts]);
    if (print === fingerprint) return;
    fingerprint = print;
    const nextPrints = {
      tools: JSON.stringify(nextListings.tools.map(describe)),
      resources: JSON.stringify([nextListings.resources, nextListings.resourceTemplates]),
      prompts: JSON.stringify(nextListings.prompts),
    };
    const changed = {
      tools: nextPrints.tools !== prints.tools,
      resources: nextPrints.resources !== prints.resources,
      prompts: nextPrints.prompts !== prints.prompts,
    };
    prints = nextPrints;
    version += 1;
    events.publish('tools.changed', {
      version,
      tools: nextListings.tools.length,
      resources: nextListings.resources.length,
      resourceTemplates: nextListings.resourceTemplates.length,
      prompts: nextListings.prompts.length,
    });
    for (const listener of listeners) {
      try {
        listener(changed);
      } catch (error) {
        logger.error({ err: error }, 'federation change listener failed');
      }
    }
  };

  // Each collision is reported once while it lasts (again if it comes back later).
  const reportCollisions = (collisions: Collision[]) => {
    const current = new Set<string>();
    for (const collision of collisions) {
      const key = `${collision.kind}\u0000${collision.name}\u0000${collision.kept.backend}\u0000${collision.other.backend}`;
      current.add(key);
      if (reported.has(key)) continue;
      logger.warn(collision, `${collision.kind} name collision on ${collision.name}: ${collision.other.backend}'s is ${collision.resolution}`);
      events.publish('tools.collision', { ...collision });
    }
    reported = current;
  };

  const subscriptions = new GatewaySubscriptions(currentIndex, logger);
  const unsubscribe = manager.onCatalogChanged(rebuild);
  const unsubscribeUpdates = manager.onResourceUpdated((backend, uri) => subscriptions.updated(backend, uri));
  rebuild();

  return {
    toolSource: {
      list: () => listings.tools,
      get: (name) => tools.get(name),
    },
    configure: (server) => installFederationHandlers(server, { index: currentIndex, listings: () => listings, subscriptions }),
    collisions: () => index.collisions.map((c) => ({ ...c })),
    namespaceOf: (tool) => index.tools.get(tool)?.namespace,
    get catalogVersion() {
      return version;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rebuild,
    close() {
      unsubscribe();
      unsubscribeUpdates();
      listeners.clear();
    },
  };
}

function describe(tool: DynamicTool): unknown {
  const { call: _call, ...listed } = tool;
  return listed;
}
