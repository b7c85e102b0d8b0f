import { performance } from 'node:perf_hooks';
import type { CallToolResult, Logger } from '@mcp/runtime';
import type { Backend } from '../backends/backend.js';
import type { ManagedBackend } from '../backends/managed-backend.js';
import * as z from 'zod';
import type { BackendConfig, NamedBackendConfig } from '../config/schema.js';
import type { EventBus } from '../events/event-bus.js';
import { canonicalJson } from '../migration/hash.js';
import { CanaryBackends } from './canary-backends.js';
import { countCanaryRollback, setCanaryWeight } from './canary-metrics.js';
import { CanaryController, type CanaryPolicy, type CanaryStatus, type CanaryTarget } from './canary-controller.js';

/** The `canary` extra of a backend config: another target (command… or url…) and its weight in percent. */
export const canaryConfigSchema = z.looseObject({ weight: z.number().int().min(0).max(100) }).refine((c) => c.command !== undefined || c.url !== undefined, {
  message: 'canary needs "command" or "url"',
});

export interface CanaryManagerOptions {
  events: EventBus;
  logger: Logger;
  autoRollback: () => boolean;
  policy?: Partial<CanaryPolicy>;
  random?: () => number;
  /** Clock for windows and call timing (tests); default performance.now/Date.now. */
  now?: () => number;
  /** Builds the canary targets' backends (the backend factory); without it, `router` always calls stable. */
  createBackend?: (named: NamedBackendConfig) => ManagedBackend;
}

/** The federation's call hook: runs `call` against the backend to use for this call. */
export type CallRouter = (backend: Backend, call: (target: Backend) => Promise<CallToolResult>) => Promise<CallToolResult>;

/**
 * The canaries of the registry: one controller per backend whose config has
 * a valid `canary`, kept across reloads while that canary is unchanged (so its
 * window and a rollback survive unrelated edits). Rollbacks and promotions
 * are events (`canary.rolled_back`, `canary.promoted`) and log lines.
 */
export class CanaryManager {
  private readonly controllers = new Map<string, { key: string; controller: CanaryController; target: Record<string, unknown> }>();

  private readonly backends: CanaryBackends | undefined;

  constructor(private readonly options: CanaryManagerOptions) {
    this.backends = options.createBackend && new CanaryBackends(options.createBackend);
  }

  /**
   * The hook for federated tool calls: a backend with an active canary (and
   * its canary backend) has each call routed by weight and measured; any
   * other call goes to the backend as it is.
   */
  readonly router: CallRouter = (backend, call) => {
    const canaryBackend = this.backends?.get(backend.name);
    // A canary target not (yet) connected gets no traffic rather than errors it did not cause.
    if (canaryBackend?.status().state !== 'healthy' || !this.get(backend.name)) return call(backend);
    return this.route(backend.name, { stable: () => call(backend), canary: () => call(canaryBackend) }, (r) => r.isError === true);
  };

  async close(): Promise<void> {
    await this.backends?.close();
  }

  sync(configs: readonly NamedBackendConfig[]): void {
    const seen = new Set<string>();
    for (const { name, config } of configs) {
      const raw = (config as Record<string, unknown>).canary;
      if (raw === undefined) continue;
      const parsed = canaryConfigSchema.safeParse(raw);
      if (!parsed.success) {
        this.options.logger.warn({ backend: name, problems: parsed.error.issues.map((i) => i.message) }, 'canary ignored: invalid config');
        continue;
      }
      seen.add(name);
      const key = canonicalJson(parsed.data);
      if (this.controllers.get(name)?.key === key) continue;
      const { weight, ...target } = parsed.data;
      this.controllers.set(name, { key, target, controller: this.create(name, weight) });
      this.backends?.replace(name, config, target);
    }
    for (const name of [...this.controllers.keys()]) {
      if (seen.has(name)) continue;
      this.controllers.delete(name);
      this.backends?.replace(name, {} as BackendConfig, undefined);
    }
  }

  get(name: string): CanaryController | undefined {
    return this.controllers.get(name)?.controller;
  }

  /** The canary target's config (without weight), to build its backend from. */
  target(name: string): Record<string, unknown> | undefined {
    return this.controllers.get(name)?.target;
  }

  /** Every canary's status, with its target backend's state (null without a backend factory). */
  list(): (CanaryStatus & { targetState: string | null })[] {
    return [...this.controllers.entries()].map(([name, c]) => ({ ...c.controller.status(), targetState: this.backends?.get(name)?.status().state ?? null }));
  }

  /**
   * The routing hook: picks stable or canary for one call of backend `name`,
   * times it and records the outcome (a throw or an `isError` result is an error).
   */
  async route<T>(name: string, calls: Record<CanaryTarget, () => Promise<T>>, isError: (result: T) => boolean = () => false): Promise<T> {
    const controller = this.get(name);
    if (!controller) return calls.stable();
    const target = controller.pick();
    const clock = this.options.now ?? (() => performance.now());
    const started = clock();
    try {
      const result = await calls[target]();
      controller.record(target, !isError(result), clock() - started);
      return result;
    } catch (error) {
      controller.record(target, false, clock() - started);
      throw error;
    }
  }

  private create(name: string, weight: number): CanaryController {
    const { events, logger } = this.options;
    setCanaryWeight(name, weight);
    return new CanaryController(name, weight, {
      autoRollback: this.options.autoRollback,
      ...(this.options.policy && { policy: this.options.policy }),
      ...(this.options.random && { random: this.options.random }),
      ...(this.options.now && { now: this.options.now }),
      onRollback: (status, actor) => {
        setCanaryWeight(name, 0);
        countCanaryRollback(name, actor);
        logger.warn({ backend: name, actor, reason: status.reason, stable: status.stable, canary: status.canary }, 'canary rolled back');
        events.publish('canary.rolled_back', { name, actor, reason: status.reason, stable: status.stable, canary: status.canary });
      },
      onPromote: (status, actor) => {
        setCanaryWeight(name, 100);
        logger.info({ backend: name, actor }, 'canary promoted');
        events.publish('canary.promoted', { name, actor, stable: status.stable, canary: status.canary });
      },
    });
  }
}
