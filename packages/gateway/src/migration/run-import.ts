import type { Logger } from '@mcp/runtime';
import { autoRollbackEnabled, type Flags } from '../flags/flag-schema.js';
import type { MigrationRun, Store } from '../store/store.js';
import { alertFailure } from './alert.js';
import { backupRecords, readBackup, writeBackup } from './backup.js';
import { compareSnapshots, snapshotOf } from './hash.js';
import { type RecordProblem, readSources } from './legacy-sources.js';
import { type MigrationPlan, planMigration } from './plan.js';
import type { Progress } from './progress.js';
import { restoreRecords } from './restore.js';
import { RunRecord } from './run-record.js';

export interface ImportOptions {
  store: Store;
  files: readonly string[];
  /** Print the plan, write nothing (not even a run record or a backup). */
  dryRun?: boolean;
  /** Report every problem, write nothing. */
  validateOnly?: boolean;
  backupDir: string;
  flags: Flags;
  alertWebhookUrl?: string | undefined;
  logger: Logger;
  progress: Progress;
}

export type ImportOutcome = 'valid' | 'planned' | MigrationRun['outcome'];

export interface ImportResult {
  outcome: ImportOutcome;
  problems: RecordProblem[];
  plan?: MigrationPlan;
  run?: MigrationRun;
  backupPath?: string;
  error?: string;
  timings: Record<string, number>;
}

export class IntegrityError extends Error {
  constructor(readonly problems: string[]) {
    super(`integrity check failed: ${problems.join('; ')}`);
    this.name = 'IntegrityError';
  }
}

/**
 * One import: read → validate → plan → backup (verified) → write (one
 * transaction) → integrity check; on any failure after the backup, restore it
 * when auto-rollback applies. Invalid input writes nothing at all.
 */
export async function runImport(options: ImportOptions): Promise<ImportResult> {
  const { store, flags, logger, progress } = options;
  const sources = await progress.phase('read', () => readSources(options.files));
  const problems = [...sources.problems];
  const plan = await progress.phase('plan', async () => planMigration(sources.records, await store.listConfigs()));
  problems.push(...plan.problems);
  const base = { problems, plan, timings: progress.timings };
  if (options.validateOnly) return { ...base, outcome: problems.length ? 'invalid' : 'valid' };
  if (options.dryRun) return { ...base, outcome: 'planned' };

  const record = new RunRecord(store, { command: 'import', mode: flags.MCP_MIGRATION_MODE, sources: [...options.files] });
  const summary = () => ({
    added: plan.added.length,
    changed: plan.changed.length,
    unchanged: plan.unchanged.length,
    conflicts: plan.conflicts.length,
    problems: problems.length,
    before: plan.before.count,
    expectedAfter: plan.expectedAfter.count,
    phases: progress.timings,
  });
  const fail = async (outcome: MigrationRun['outcome'], error: string, backupPath?: string): Promise<ImportResult> => {
    const run = await record.finish(outcome, { error, summary: summary(), backupPath: backupPath ?? null });
    await alertFailure(logger, options.alertWebhookUrl, { runId: run.id, outcome, error, sources: run.sources, backupPath: backupPath ?? null });
    return { ...base, outcome, run, error, ...(backupPath ? { backupPath } : {}) };
  };

  if (flags.MCP_MIGRATION_MODE === 'rollback') {
    return { ...base, outcome: 'invalid', error: 'MCP_MIGRATION_MODE=rollback: imports are disabled; run `pnpm migrate rollback`' };
  }
  await record.start();
  if (problems.length) return fail('invalid', `${problems.length} problem(s) in the input; nothing was written`);

  let backupPath: string;
  try {
    backupPath = await progress.phase('backup', async () => {
      const stored = await store.listConfigs();
      const current = snapshotOf(stored);
      const drift = compareSnapshots(plan.before, current);
      if (drift.length) throw new Error(`the store changed since planning (${drift.join('; ')}); run again`);
      const path = await writeBackup(options.backupDir, stored, { engine: store.engine, runId: record.run.id });
      if (flags.MCP_BACKUP_VALIDATION) await readBackup(path, current);
      return path;
    });
  } catch (error) {
    return fail('failed', `backup failed, nothing was written: ${(error as Error).message}`);
  }
  logger.info({ runId: record.run.id, backup: backupPath, validated: flags.MCP_BACKUP_VALIDATION }, 'backup written');

  try {
    const writes = [...plan.added, ...plan.changed];
    await progress.phase('write', () =>
      store.transaction(async (tx) => {
        let done = 0;
        for (const r of writes) {
          if (r.previousVersion === undefined) await tx.createConfig(r.name, r.config);
          else await tx.updateConfig(r.name, r.config, r.previousVersion);
          progress.tick('write', ++done, writes.length);
        }
        if (writes.length === 0) progress.tick('write', 0, 0);
      }),
    );
    await progress.phase('verify', async () => {
      const differences = compareSnapshots(plan.expectedAfter, snapshotOf(await store.listConfigs()));
      if (differences.length) throw new IntegrityError(differences);
    });
  } catch (error) {
    const message = (error as Error).message;
    logger.error({ runId: record.run.id, err: message }, 'migration write failed');
    if (!autoRollbackEnabled(flags))
      return fail(
        'failed',
        `${message}; auto-rollback is off (MCP_MIGRATION_MODE=${flags.MCP_MIGRATION_MODE}); restore by hand with \`pnpm migrate rollback --to ${backupPath}\``,
        backupPath,
      );
    try {
      const left = await progress.phase('rollback', async () => restoreRecords(store, backupRecords(await readBackup(backupPath)), progress));
      if (left.length) return fail('failed', `${message}; rollback did not restore exactly: ${left.join('; ')}`, backupPath);
    } catch (rollbackError) {
      return fail('failed', `${message}; rollback failed too: ${(rollbackError as Error).message}`, backupPath);
    }
    return fail('rolled_back', `${message}; the store was restored from ${backupPath}`, backupPath);
  }
  const run = await record.finish('succeeded', { summary: summary(), backupPath });
  logger.info({ runId: run.id, ...summary() }, 'config migration succeeded');
  return { ...base, outcome: 'succeeded', run, backupPath };
}
