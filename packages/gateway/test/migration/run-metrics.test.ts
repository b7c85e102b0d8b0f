import { createLogger, metricsRegistry } from '@mcp/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigrationRunStats, refreshMigrationMetrics } from '../../src/migration/run-metrics.js';
import { runImport } from '../../src/migration/run-import.js';
import type { MigratableStore } from '../../src/store/index.js';
import { type EngineFixture, forEachEngine } from './engines.js';
import { failingAfter, importDeps, legacyFiles } from './helpers.js';

const logger = createLogger({ service: 'run-metrics-test', level: 'silent' });

/** The gauge's samples as `labels → value`, read the way a scrape would. */
async function samples(name: string): Promise<Record<string, number>> {
  const metric = metricsRegistry.getSingleMetric(name);
  if (!metric) return {};
  const { values } = await metric.get();
  return Object.fromEntries(
    values.map((v) => [
      Object.entries(v.labels)
        .filter(([k]) => k !== 'service')
        .map(([k, l]) => `${k}=${l}`)
        .join(','),
      v.value,
    ]),
  );
}

await forEachEngine('migration run metrics', (engine, fresh) => {
  describe(`${engine}: migration runs exported by the gateway`, () => {
    let fixture: EngineFixture;
    let store: MigratableStore;
    beforeEach(async () => {
      fixture = await fresh();
      store = fixture.open();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
      await fixture.dispose();
    });

    it('counts runs by outcome and flags the newest finished run of a command while it failed', async () => {
      await refreshMigrationMetrics(store, logger);
      expect(await samples('mcp_migration_last_run_failed')).toEqual({});

      const files = legacyFiles(fixture.dir, 5);
      expect((await runImport({ store, files, ...importDeps(fixture.dir) })).outcome).toBe('succeeded');
      await refreshMigrationMetrics(store, logger);
      expect(await samples('mcp_migration_last_run_failed')).toEqual({ 'command=import': 0 });

      // a write fault in safe mode: the backup is restored, the run is rolled_back — a person must look
      const more = legacyFiles(fixture.dir, 20, 'v2');
      const failed = await runImport({ store: failingAfter(store, 3), files: more, ...importDeps(fixture.dir) });
      expect(failed.outcome).toBe('rolled_back');
      await refreshMigrationMetrics(store, logger);
      expect(await samples('mcp_migration_last_run_failed')).toEqual({ 'command=import': 1 });
      expect(await samples('mcp_migration_runs')).toEqual({ 'command=import,outcome=succeeded': 1, 'command=import,outcome=rolled_back': 1 });
      const stats = await readMigrationRunStats(store);
      expect(stats.last).toEqual([{ command: 'import', outcome: 'rolled_back', finishedAt: failed.run!.finishedAt }]);
      expect((await samples('mcp_migration_last_run_timestamp_seconds'))['command=import']).toBe(Date.parse(failed.run!.finishedAt!) / 1000);

      // a later successful run clears it; a run still going does not count as the last one
      expect((await runImport({ store, files: more, ...importDeps(fixture.dir) })).outcome).toBe('succeeded');
      await store.recordMigrationRun({
        id: 'still-running',
        command: 'import',
        mode: 'safe',
        startedAt: new Date().toISOString(),
        finishedAt: null,
        outcome: 'running',
        sources: [],
        backupPath: null,
        summary: {},
        error: null,
      });
      await refreshMigrationMetrics(store, logger);
      expect(await samples('mcp_migration_last_run_failed')).toEqual({ 'command=import': 0 });
      expect(await samples('mcp_migration_runs')).toEqual({
        'command=import,outcome=running': 1,
        'command=import,outcome=succeeded': 2,
        'command=import,outcome=rolled_back': 1,
      });
    });
  });
});
