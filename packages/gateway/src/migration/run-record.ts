import { randomUUID } from 'node:crypto';
import type { MigrationRun, Store } from '../store/store.js';

/** The `migration_runs` row of one run, written at start and again with the outcome. */
export class RunRecord {
  readonly run: MigrationRun;

  constructor(
    private readonly store: Store,
    init: Pick<MigrationRun, 'command' | 'mode' | 'sources'>,
  ) {
    this.run = {
      id: randomUUID(),
      startedAt: new Date().toISOString(),
      finishedAt: null,
      outcome: 'running',
      backupPath: null,
      summary: {},
      error: null,
      ...init,
    };
  }

  start(): Promise<void> {
    return this.store.recordMigrationRun(this.run);
  }

  async finish(outcome: MigrationRun['outcome'], patch: Partial<Pick<MigrationRun, 'backupPath' | 'summary' | 'error'>> = {}): Promise<MigrationRun> {
    Object.assign(this.run, patch, { outcome, finishedAt: new Date().toISOString() });
    await this.store.recordMigrationRun(this.run);
    return this.run;
  }
}
