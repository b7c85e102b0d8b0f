import type { Logger } from '@mcp/runtime';
import type { NamedBackendConfig } from '../config/schema.js';
import type { ApplyReport, BackendManager } from '../backends/manager-types.js';
import type { EventBus } from '../events/event-bus.js';
import type { Store } from '../store/store.js';
import { readRegistryFile } from './file-source.js';
import { mergeRegistry } from './merge.js';

export type ReloadTrigger = 'startup' | 'file' | 'api' | 'store';

export interface ReloadOutcome {
  trigger: ReloadTrigger;
  at: string;
  outcome: 'applied' | 'rejected' | 'failed';
  durationMs: number;
  version: number;
  error?: string;
  problems?: string[];
  report?: ApplyReport;
  overridden?: string[];
}

export interface RegistryOptions {
  path: string;
  store: Store;
  manager: BackendManager;
  events: EventBus;
  logger: Logger;
  /** Issue 6 (MCP_USE_NEW_SYSTEM): false → the file's backends only, store records ignored. Default: use the store. */
  useStore?: () => boolean;
  /** Where `${VAR}` references in the file are looked up (the gateway's own env). Default: process.env. */
  env?: Record<string, string | undefined>;
}

/**
 * The registry: `.mcp.json` merged with the store, applied to the backend
 * manager as a diff. Reloads are serialised (a burst of saves yields ordered
 * applies) and an invalid file keeps the last good file's entries in force.
 */
export class Registry {
  private lastGoodFile: NamedBackendConfig[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private current: NamedBackendConfig[] = [];
  version = 0;
  last: ReloadOutcome | undefined;

  constructor(private readonly options: RegistryOptions) {}

  /** The configs in force now (after the last successful apply). */
  configs(): readonly NamedBackendConfig[] {
    return this.current;
  }

  reload(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    const run = this.queue.then(() => this.doReload(trigger));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async doReload(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    const started = performance.now();
    const { events, logger } = this.options;
    const file = await readRegistryFile(this.options.path, this.options.env);
    const finish = (outcome: Omit<ReloadOutcome, 'trigger' | 'at' | 'durationMs' | 'version'>): ReloadOutcome => {
      this.last = { trigger, at: new Date().toISOString(), durationMs: Math.round(performance.now() - started), version: this.version, ...outcome };
      return this.last;
    };
    let fileConfigs = this.lastGoodFile;
    let rejected: { error: string; problems: string[] } | undefined;
    if (file.ok) {
      fileConfigs = file.configs;
      this.lastGoodFile = file.configs;
    } else {
      rejected = { error: file.error, problems: file.problems };
      logger.warn({ trigger, error: file.error, problems: file.problems }, 'registry file rejected');
      events.publish('reload.rejected', { trigger, error: file.error, problems: file.problems });
      // A file change that is invalid changes nothing; an API/store reload still applies store changes.
      if (trigger === 'file') return finish({ outcome: 'rejected', ...rejected });
    }
    try {
      const stored = (this.options.useStore?.() ?? true) ? await this.options.store.listConfigs() : [];
      const merged = mergeRegistry(fileConfigs, stored);
      const report = await this.options.manager.apply(merged.configs);
      this.current = merged.configs;
      this.version += 1;
      const outcome = finish({ outcome: rejected ? 'rejected' : 'applied', report, overridden: merged.overridden, ...(rejected ?? {}) });
      if (!rejected) events.publish('reload.applied', { trigger, version: this.version, ...report });
      logger.info({ trigger, version: this.version, ...report, duration_ms: outcome.durationMs }, 'registry applied');
      return outcome;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ trigger, err: message }, 'registry reload failed');
      events.publish('reload.rejected', { trigger, error: message });
      return finish({ outcome: 'failed', error: message });
    }
  }
}
