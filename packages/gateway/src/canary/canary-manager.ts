import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CallToolResult, Logger } from '@mcp/runtime';
import * as z from 'zod';
import type { AdminAudit } from '../audit/admin-audit.js';
import { SYSTEM_CANARY_ACTOR } from '../audit/admin-actor.js';
import type { Backend } from '../backends/backend.js';
import type { ManagedBackend } from '../backends/managed-backend.js';
import type { BackendConfig, NamedBackendConfig } from '../config/schema.js';
import type { EventBus } from '../events/event-bus.js';
import { canonicalJson } from '../migration/hash.js';
import { CanaryBackends } from './canary-backends.js';
import { CanaryController, type CanaryPolicy, type CanaryState, type CanaryStatus, type CanaryTarget } from './canary-controller.js';
import { countCanaryRollback, setCanaryWeight } from './canary-metrics.js';
import type { CanaryOverride, CanaryOverrideStore } from './canary-override.js';
import { CanaryOverridesSync, type SyncedCanary } from './canary-overrides-sync.js';

/** The `canary` extra of a backend config: another target (command… or url…) and its weight in percent. */
export const canaryConfigSchema = z.looseObject({ weight: z.number().int().min(0).max(100) }).refine((c) => c.command !== undefined || c.url !== undefined, {
  message: 'canary needs "command" or "url"',
});

/** A change by hand through the admin API. */
export const canaryActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('promote') }),
  z.object({ type: z.literal('rollback'), reason: z.string().min(1).max(500).default('rolled back by hand') }),
  z.object({ type: z.literal('weight'), weight: z.number().int().min(0).max(100) }),
]);
export type CanaryAction = z.input<typeof canaryActionSchema>;

/** The actor label of automatic rollbacks in events and metrics (the audit identity is `system:canary`). */
export const AUTO_ACTOR = 'auto';

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
  /** Where rollbacks, promotions and weights are kept for restarts and other replicas; without it, state is per process. */
  overrides?: CanaryOverrideStore;
  /** Audit log of admin and system actions; without it, actions are events and log lines only. */
  audit?: AdminAudit;
}

/** The federation's call hook: runs `call` against the backend to use for this call. */
export type CallRouter = (backend: Backend, call: (target: Backend) => Promise<CallToolResult>) => Promise<CallToolResult>;

interface Entry extends SyncedCanary {
  key: string;
  controller: CanaryController;
  target: Record<string, unknown>;
  actor: string | null;
}

/**
 * The canaries of the registry: one controller per backend whose config has
 * a valid `canary`, kept across reloads while that canary is unchanged (so its
 * window and a rollback survive unrelated edits). Rollbacks, promotions and
 * weight changes are events, log lines, audit entries and — with an override
 * store — rows every replica and every restart applies.
 */
export class CanaryManager {
  private readonly controllers = new Map<string, Entry>();
  private readonly backends: CanaryBackends | undefined;
  private readonly sync_: CanaryOverridesSync | undefined;

  constructor(private readonly options: CanaryManagerOptions) {
    this.backends = options.createBackend && new CanaryBackends(options.createBackend);
    this.sync_ = options.overrides && new CanaryOverridesSync(options.overrides, options.logger);
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
    this.sync_?.stop();
    await this.backends?.close();
  }

  /** Re-reads the overrides every `intervalMs`, so replicas follow each other's actions. */
  startPolling(intervalMs: number): void {
    this.sync_?.start(intervalMs, () => this.controllers);
  }

  /** Applies the stored overrides now (also run after every `sync`). */
  async refresh(): Promise<void> {
    await this.sync_?.refresh(this.controllers);
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
      this.controllers.set(name, this.entry(name, key, target, weight));
      this.backends?.replace(name, config, target);
    }
    for (const name of [...this.controllers.keys()]) {
      if (seen.has(name)) continue;
      this.controllers.delete(name);
      this.backends?.replace(name, {} as BackendConfig, undefined);
    }
    void this.refresh();
  }

  get(name: string): CanaryController | undefined {
    return this.controllers.get(name)?.controller;
  }

  /** The canary target's config (without weight), to build its backend from. */
  target(name: string): Record<string, unknown> | undefined {
    return this.controllers.get(name)?.target;
  }

  /** Every canary's status, with its target backend's state (null without a backend factory) and who last changed it. */
  list(): (CanaryStatus & { targetState: string | null; changedBy: string | null; changedAt: string | null })[] {
    return [...this.controllers.entries()].map(([name, c]) => ({
      ...c.controller.status(),
      targetState: this.backends?.get(name)?.status().state ?? null,
      changedBy: c.actor,
      changedAt: c.changedAt,
    }));
  }

  /**
   * A change by hand: audited first, then stored, then applied; if either
   * write fails it throws and nothing changed. Undefined when `name` has no canary.
   */
  async act(name: string, action: CanaryAction, actor: string): Promise<CanaryStatus | undefined> {
    const entry = this.controllers.get(name);
    if (!entry) return undefined;
    const a = canaryActionSchema.parse(action);
    const before = entry.controller.status();
    const to: Pick<CanaryOverride, 'state' | 'weight' | 'reason'> =
      a.type === 'promote'
        ? { state: 'promoted', weight: 100, reason: null }
        : a.type === 'rollback'
          ? { state: 'rolled_back', weight: 0, reason: a.reason }
          : { state: 'active', weight: a.weight, reason: null };
    const event = a.type === 'promote' ? 'canary.promoted' : a.type === 'rollback' ? 'canary.rolled_back' : 'canary.weight_changed';
    await this.options.audit?.record({
      kind: 'admin',
      actor,
      action: event,
      details: { backend: name, from: { state: before.state, weight: before.weight }, to, targetHash: entry.hash },
    });
    const row: CanaryOverride = { backend: name, targetHash: entry.hash, ...to, actor, updatedAt: new Date().toISOString() };
    await this.sync_?.save(row);
    entry.changedAt = row.updatedAt;
    entry.actor = actor;
    if (a.type === 'promote') return entry.controller.promote(actor);
    if (a.type === 'rollback') return entry.controller.rollback(a.reason, actor);
    return entry.controller.setWeight(a.weight, actor);
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

  private entry(name: string, key: string, target: Record<string, unknown>, weight: number): Entry {
    const { logger } = this.options;
    const controller = this.create(name, weight);
    const entry: Entry = {
      key,
      hash: createHash('sha256').update(key).digest('hex'),
      controller,
      target,
      actor: null,
      changedAt: null,
      // Until the stored override is known: no call may reach a canary rolled back before a restart.
      get held() {
        return controller.held;
      },
      set held(value: boolean) {
        controller.held = value;
      },
      restore: (row) => {
        controller.restore(row.state as CanaryState, row.weight, row.reason);
        entry.changedAt = row.updatedAt;
        entry.actor = row.actor;
        setCanaryWeight(name, row.weight);
        logger.info({ backend: name, state: row.state, weight: row.weight, by: row.actor, at: row.updatedAt }, 'canary override applied from the store');
      },
    };
    controller.held = this.sync_ !== undefined;
    return entry;
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
        if (actor === AUTO_ACTOR) this.recordAutoRollback(name, status);
      },
      onPromote: (status, actor) => {
        setCanaryWeight(name, 100);
        logger.info({ backend: name, actor }, 'canary promoted');
        events.publish('canary.promoted', { name, actor, stable: status.stable, canary: status.canary });
      },
      onWeightChange: (status, actor) => {
        setCanaryWeight(name, status.weight);
        logger.info({ backend: name, actor, weight: status.weight }, 'canary weight changed');
        events.publish('canary.weight_changed', { name, actor, weight: status.weight });
      },
    });
  }

  /** An automatic rollback happened already (calls must not wait on the store): audit and persist it in the background. */
  private recordAutoRollback(name: string, status: CanaryStatus): void {
    const entry = this.controllers.get(name);
    if (!entry) return;
    const row: CanaryOverride = {
      backend: name,
      targetHash: entry.hash,
      state: 'rolled_back',
      weight: 0,
      reason: status.reason,
      actor: SYSTEM_CANARY_ACTOR,
      updatedAt: new Date().toISOString(),
    };
    entry.changedAt = row.updatedAt;
    entry.actor = row.actor;
    this.options.audit?.recordInBackground({
      kind: 'system',
      actor: SYSTEM_CANARY_ACTOR,
      action: 'canary.rolled_back',
      details: {
        backend: name,
        to: { state: 'rolled_back', weight: 0 },
        reason: status.reason,
        stable: status.stable,
        canary: status.canary,
        targetHash: entry.hash,
      },
    });
    this.sync_?.saveLater(row);
  }
}
