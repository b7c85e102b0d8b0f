import type { Logger } from '@mcp/runtime';
import type { CanaryOverride, CanaryOverrideStore } from './canary-override.js';

/** What the sync needs to know of one canary of the manager. */
export interface SyncedCanary {
  hash: string;
  /** When this process last changed or took this canary's state (ISO), or null: still the configured one. */
  changedAt: string | null;
  held: boolean;
  restore(row: CanaryOverride): void;
}

/**
 * Keeps the canaries of one process in step with `canary_overrides`: writes
 * this process's actions there, and applies rows written by other replicas
 * (or before a restart) on every reload and every poll. A row applies only to
 * the canary config it was written for (`targetHash`), and only when it is
 * newer than this process's own last change. Automatic rollbacks are written
 * in the background and retried on the next poll if the store is down; until
 * then a poll never takes an older row over them.
 */
export class CanaryOverridesSync {
  private readonly unsaved = new Map<string, CanaryOverride>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: CanaryOverrideStore,
    private readonly logger: Logger,
  ) {}

  /** Writes at once; throws when the store refuses (admin actions report that and change nothing). */
  async save(row: CanaryOverride): Promise<void> {
    await this.store.put(row);
    this.unsaved.delete(row.backend);
  }

  /** Writes in the background; a failure is logged and retried by the next `refresh`. */
  saveLater(row: CanaryOverride): void {
    this.unsaved.set(row.backend, row);
    void this.flush();
  }

  async refresh(canaries: ReadonlyMap<string, SyncedCanary>): Promise<void> {
    await this.flush();
    // No canary configured: nothing to apply, no query every poll.
    if (canaries.size === 0) return;
    let rows: CanaryOverride[];
    try {
      rows = await this.store.list();
    } catch (error) {
      // Held canaries stay held (all calls to stable) until the store answers.
      this.logger.warn({ err: (error as Error).message }, 'canary overrides could not be read; retrying at the next poll');
      return;
    }
    const byBackend = new Map(rows.map((r) => [r.backend, r]));
    for (const [name, canary] of canaries) {
      const row = byBackend.get(name);
      const newer = row && row.targetHash === canary.hash && !this.unsaved.has(name) && (canary.changedAt === null || row.updatedAt > canary.changedAt);
      if (newer) canary.restore(row);
      canary.held = false;
    }
  }

  /** Polls every `intervalMs` (unref'd: never keeps the process alive). */
  start(intervalMs: number, canaries: () => ReadonlyMap<string, SyncedCanary>): void {
    this.stop();
    this.timer = setInterval(() => void this.refresh(canaries()), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async flush(): Promise<void> {
    for (const row of [...this.unsaved.values()]) {
      try {
        await this.store.put(row);
        if (this.unsaved.get(row.backend) === row) this.unsaved.delete(row.backend);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, backend: row.backend }, 'canary override not saved yet; retrying at the next poll');
      }
    }
  }
}
