import type { Logger } from '@mcp/runtime';
import { type NamedBackendConfig, transportOf } from '../config/schema.js';
import type { EventBus } from '../events/event-bus.js';
import type { BackendStatus } from './backend.js';
import { createBackend } from './factory.js';
import type { BackendChange, BackendFactory, BackendTuning, ManagedBackend } from './managed-backend.js';
import type { ApplyReport, BackendManager } from './manager-types.js';
import { configKey, connectionKey } from './normalize.js';

export interface BackendManagerOptions extends BackendTuning {
  logger: Logger;
  events: EventBus;
  /** Health probe period (default 10 s); 0 turns polling off. */
  healthIntervalMs?: number;
  /** How long a removed or replaced backend may finish in-flight calls before it is closed (default 30 s). */
  drainTimeoutMs?: number;
  /** Builds one backend (tests inject their own); default: stdio child or HTTP/SSE client. */
  createBackend?: BackendFactory;
}

/** The manager with the richer backend type the federation uses. */
export interface GatewayBackendManager extends BackendManager {
  get(name: string): ManagedBackend | undefined;
  /** In stable order (by name): the order that decides which side of a name collision wins. */
  list(): ManagedBackend[];
  /** A backend reported a change of one of its (subscribed) resources, by its own URI. */
  onResourceUpdated(listener: (backend: ManagedBackend, uri: string) => void): () => void;
}

interface Entry {
  backend: ManagedBackend;
  connKey: string;
  cfgKey: string;
  unsubscribe: () => void;
}

export function createBackendManager(options: BackendManagerOptions): GatewayBackendManager {
  const { events } = options;
  const logger = options.logger.child({ component: 'backends' });
  const factory = options.createBackend ?? createBackend;
  const entries = new Map<string, Entry>();
  const retiring = new Set<ManagedBackend>();
  const listeners = new Set<() => void>();
  const resourceListeners = new Set<(backend: ManagedBackend, uri: string) => void>();
  const probing = new Set<ManagedBackend>();
  let queue: Promise<unknown> = Promise.resolve();
  let notifyScheduled = false;
  let closed = false;

  // Many changes in one tick (an apply, a fleet-wide outage) become one notification.
  const catalogChanged = () => {
    if (notifyScheduled) return;
    notifyScheduled = true;
    queueMicrotask(() => {
      notifyScheduled = false;
      for (const listener of listeners) {
        try {
          listener();
        } catch (error) {
          logger.error({ err: error }, 'catalog listener failed');
        }
      }
    });
  };

  const onChange = (backend: ManagedBackend, change: BackendChange) => {
    if (change.type === 'resourceUpdated') {
      for (const listener of resourceListeners) listener(backend, change.uri);
      return;
    }
    const base = { name: backend.name, transport: transportOf(backend.config) };
    if (change.type === 'state') {
      if (change.state === 'healthy') events.publish('backend.healthy', { ...base, tools: backend.catalog().tools.length });
      if (change.state === 'unhealthy') events.publish('backend.unhealthy', { ...base, error: change.error ?? 'unknown' });
      if (change.state === 'unhealthy') logger.warn({ backend: backend.name, error: change.error }, `backend ${backend.name} is unhealthy`);
    }
    if (change.type === 'restarted') events.publish('backend.restarted', { ...base, restarts: change.restarts, ...(change.pid && { pid: change.pid }) });
    catalogChanged();
  };

  const build = (named: NamedBackendConfig): Entry => {
    const backend = factory(named, { ...options, logger });
    return {
      backend,
      connKey: connectionKey(named.config),
      cfgKey: configKey(named.config),
      unsubscribe: backend.onChange((change) => onChange(backend, change)),
    };
  };

  // A backend that cannot start stays registered (unhealthy) and retries by itself.
  const start = (backend: ManagedBackend) =>
    backend.start().catch((error) => logger.warn({ backend: backend.name, err: error instanceof Error ? error.message : error }, 'backend failed to start'));

  const retire = (entry: Entry, drainMs = options.drainTimeoutMs ?? 30_000) => {
    entry.unsubscribe();
    retiring.add(entry.backend);
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, drainMs).unref());
    void Promise.race([entry.backend.drained(), deadline])
      .then(() => entry.backend.close())
      .catch((error) => logger.warn({ backend: entry.backend.name, err: error }, 'closing backend failed'))
      .finally(() => retiring.delete(entry.backend));
  };

  const replace = async (current: Entry, named: NamedBackendConfig) => {
    // Start the new one first: the old keeps serving until the swap.
    const next = build(named);
    await start(next.backend);
    if (closed) return void next.backend.close();
    entries.set(named.name, next);
    retire(current);
  };

  const apply = async (desired: readonly NamedBackendConfig[]): Promise<ApplyReport> => {
    const report: ApplyReport = { added: [], removed: [], updated: [], unchanged: [] };
    const wanted = new Map<string, NamedBackendConfig>();
    for (const named of desired) {
      if (named.config.enabled === false) continue;
      if (wanted.has(named.name)) logger.warn({ backend: named.name }, 'backend listed twice; the first entry is used');
      else wanted.set(named.name, named);
    }
    for (const [name, entry] of [...entries]) {
      if (wanted.has(name)) continue;
      entries.delete(name);
      retire(entry);
      report.removed.push(name);
      events.publish('backend.removed', { name });
    }
    const work: Array<Promise<unknown>> = [];
    for (const named of wanted.values()) {
      const current = entries.get(named.name);
      const transport = transportOf(named.config);
      if (!current) {
        const entry = build(named);
        entries.set(named.name, entry);
        report.added.push(named.name);
        events.publish('backend.added', { name: named.name, transport });
        work.push(start(entry.backend));
      } else if (current.cfgKey === configKey(named.config)) {
        report.unchanged.push(named.name);
      } else if (current.connKey === connectionKey(named.config)) {
        current.backend.updateConfig(named.config);
        current.cfgKey = configKey(named.config);
        report.updated.push(named.name);
        events.publish('backend.updated', { name: named.name, transport, restarted: false });
      } else {
        report.updated.push(named.name);
        events.publish('backend.updated', { name: named.name, transport, restarted: true });
        work.push(replace(current, named));
      }
    }
    await Promise.all(work);
    if (report.added.length + report.removed.length + report.updated.length > 0) catalogChanged();
    logger.info({ ...report, unchanged: report.unchanged.length }, 'backends applied');
    return report;
  };

  const sorted = () => [...entries.values()].map((e) => e.backend).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const healthTimer =
    (options.healthIntervalMs ?? 10_000) > 0
      ? setInterval(() => {
          for (const backend of sorted()) {
            if (probing.has(backend)) continue;
            probing.add(backend);
            void backend.probe().finally(() => probing.delete(backend));
          }
        }, options.healthIntervalMs ?? 10_000)
      : undefined;
  healthTimer?.unref();

  // Serialised: two reloads racing must not start the same backend twice.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };

  return {
    apply: (desired) => (closed ? Promise.reject(new Error('backend manager is closed')) : serial(() => apply(desired))),
    get: (name) => entries.get(name)?.backend,
    list: sorted,
    status: (): BackendStatus[] => sorted().map((b) => b.status()),
    onCatalogChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onResourceUpdated(listener) {
      resourceListeners.add(listener);
      return () => resourceListeners.delete(listener);
    },
    close: () =>
      serial(async () => {
        if (closed) return;
        closed = true;
        clearInterval(healthTimer);
        for (const entry of entries.values()) entry.unsubscribe();
        const all = [...[...entries.values()].map((e) => e.backend), ...retiring];
        entries.clear();
        await Promise.allSettled(all.map((b) => b.close()));
        listeners.clear();
        resourceListeners.clear();
      }),
  };
}
