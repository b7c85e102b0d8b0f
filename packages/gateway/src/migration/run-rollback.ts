import type { Logger } from '@mcp/runtime';
import type { Flags } from '../flags/flag-schema.js';
import type { MigrationRun, Store } from '../store/store.js';
import { alertFailure } from './alert.js';
import { backupRecords, latestBackup, readBackup, writeBackup } from './backup.js';
import { snapshotOf } from './hash.js';
import type { Progress } from './progress.js';
import { restoreRecords } from './restore.js';
import { RunRecord } from './run-record.js';

export interface RollbackOptions {
  store: Store;
  backupDir: string;
  /** A backup file; default: the newest import backup in backupDir. */
  to?: string | undefined;
  flags: Flags;
  alertWebhookUrl?: string | undefined;
  logger: Logger;
  progress: Progress;
}

export interface RollbackResult {
  outcome: MigrationRun['outcome'];
  run?: MigrationRun;
  restoredFrom?: string;
  /** The state just before the rollback, so the rollback itself can be undone. */
  safetyBackup?: string;
  error?: string;
}

/**
 * `pnpm migrate rollback [--to <backup>]`: verifies the backup (every hash),
 * saves the current state as a `_pre-rollback` backup, then makes the store
 * hold exactly the backup's records in one transaction and checks it.
 */
export async function runRollback(options: RollbackOptions): Promise<RollbackResult> {
  const { store, logger, progress } = options;
  const path = options.to ?? (await latestBackup(options.backupDir));
  const record = new RunRecord(store, { command: 'rollback', mode: options.flags.MCP_MIGRATION_MODE, sources: path ? [path] : [] });
  await record.start();
  const fail = async (error: string, extra: Partial<RollbackResult> = {}): Promise<RollbackResult> => {
    const run = await record.finish('failed', { error, backupPath: path ?? null, summary: { phases: progress.timings } });
    await alertFailure(logger, options.alertWebhookUrl, { runId: run.id, command: 'rollback', error, backupPath: path ?? null });
    return { outcome: 'failed', run, error, ...extra };
  };
  if (!path) return fail(`no backup found in ${options.backupDir}; pass --to <backup>`);
  let safetyBackup: string | undefined;
  try {
    const backup = await progress.phase('verify-backup', () => readBackup(path));
    safetyBackup = await progress.phase('backup', async () => {
      const current = await store.listConfigs();
      const written = await writeBackup(options.backupDir, current, { engine: store.engine, runId: record.run.id, suffix: 'pre-rollback' });
      await readBackup(written, snapshotOf(current));
      return written;
    });
    const left = await progress.phase('restore', () => restoreRecords(store, backupRecords(backup), progress));
    if (left.length)
      return fail(`restore from ${path} is not exact: ${left.join('; ')}; the state before is in ${safetyBackup}`, { restoredFrom: path, safetyBackup });
    const run = await record.finish('succeeded', { backupPath: path, summary: { restored: backup.count, safetyBackup, phases: progress.timings } });
    logger.info({ runId: run.id, restored: backup.count, from: path, safetyBackup }, 'config rollback succeeded');
    return { outcome: 'succeeded', run, restoredFrom: path, safetyBackup };
  } catch (error) {
    return fail(`rollback from ${path} failed: ${(error as Error).message}`, safetyBackup ? { safetyBackup } : {});
  }
}
