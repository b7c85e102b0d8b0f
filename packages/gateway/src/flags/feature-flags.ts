import * as z from 'zod';
import type { EventBus } from '../events/event-bus.js';
import { FLAG_NAMES, type FlagName, type Flags, migrationModeSchema } from './flag-schema.js';

export interface FlagChange {
  flag: FlagName;
  from: Flags[FlagName];
  to: Flags[FlagName];
  actor: string;
}

/** A PUT body: any subset of the flags, as JSON booleans/strings or env-style strings. */
const patchSchema = z
  .object({
    MCP_USE_NEW_SYSTEM: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
    MCP_MIGRATION_MODE: migrationModeSchema,
    MCP_BACKUP_VALIDATION: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
    MCP_ENABLE_AUTO_ROLLBACK: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
  })
  .partial()
  .strict();

export type FlagPatch = z.input<typeof patchSchema>;

/**
 * The feature flags in force: start from the environment, changed at run time
 * through the admin API (`PUT /api/v1/flags`). Each change publishes a
 * `flag.changed` event (streamed by the admin API) and, through the admin
 * API, an audit entry (kind `admin`, tool `flag.changed`) written first.
 * Run-time changes live in this process only: a restart returns to the env.
 */
export class FeatureFlags {
  private current: Flags;
  private readonly changedAt = new Map<FlagName, string>();

  constructor(
    initial: Flags,
    private readonly events?: EventBus,
  ) {
    // Picks the flags only: `initial` may be the whole gateway env.
    this.current = Object.fromEntries(FLAG_NAMES.map((name) => [name, initial[name]])) as Flags;
  }

  get(): Flags {
    return { ...this.current };
  }

  /** Where each flag's value comes from: the environment (or default) or the admin API (with when). */
  sources(): Record<FlagName, { source: 'env' | 'api'; changedAt?: string }> {
    return Object.fromEntries(
      FLAG_NAMES.map((name) => {
        const at = this.changedAt.get(name);
        return [name, at ? { source: 'api' as const, changedAt: at } : { source: 'env' as const }];
      }),
    ) as Record<FlagName, { source: 'env' | 'api'; changedAt?: string }>;
  }

  /** Validates the whole patch first (all or nothing), then applies it; returns the changes (unchanged values are not changes). */
  update(patch: unknown, actor = 'admin-api'): { ok: true; changes: FlagChange[] } | { ok: false; problems: string[] } {
    const planned = this.plan(patch, actor);
    return planned.ok ? { ok: true, changes: this.apply(planned.changes) } : planned;
  }

  /**
   * Validates a patch and says what it would change, without changing
   * anything: the admin API audits the changes before applying them.
   */
  plan(patch: unknown, actor: string): { ok: true; changes: FlagChange[] } | { ok: false; problems: string[] } {
    const parsed = patchSchema.safeParse(patch);
    if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) };
    const changes: FlagChange[] = [];
    for (const [flag, to] of Object.entries(parsed.data) as [FlagName, Flags[FlagName]][]) {
      if (to === undefined || this.current[flag] === to) continue;
      changes.push({ flag, from: this.current[flag], to, actor });
    }
    return { ok: true, changes };
  }

  /** Applies planned changes (each one an event); `from` is re-read, so a concurrent change in between is reported truthfully. */
  apply(planned: readonly FlagChange[]): FlagChange[] {
    const changes: FlagChange[] = [];
    const next = { ...this.current };
    for (const { flag, to, actor } of planned) {
      if (next[flag] === to) continue;
      changes.push({ flag, from: next[flag], to, actor });
      (next as Record<FlagName, unknown>)[flag] = to;
    }
    this.current = next;
    const at = new Date().toISOString();
    for (const change of changes) {
      this.changedAt.set(change.flag, at);
      this.events?.publish('flag.changed', { ...change });
    }
    return changes;
  }
}
