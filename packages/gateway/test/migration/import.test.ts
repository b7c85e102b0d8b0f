import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBackup } from '../../src/migration/backup.js';
import { runImport } from '../../src/migration/run-import.js';
import { runRollback } from '../../src/migration/run-rollback.js';
import type { MigratableStore } from '../../src/store/index.js';
import { type EngineFixture, forEachEngine } from './engines.js';
import { droppingWrite, failingAfter, importDeps, legacyFiles, stateOf, stdio, writeJson } from './helpers.js';

await forEachEngine('config migration', (engine, fresh) => {
  describe(`${engine}: config migration`, () => {
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
    const backups = () => readdirSync(join(fixture.dir, 'backups')).filter((n) => !n.endsWith('.tmp'));

    it('migrates 500 configs cleanly: dry-run first changes nothing, then counts and hashes match', async () => {
      await store.createConfig('existing', stdio('keep-me'));
      await store.createConfig('svc-000', stdio('old'));
      const before = await stateOf(store);
      const files = legacyFiles(fixture.dir, 500);

      const dry = await runImport({ store, files, dryRun: true, ...importDeps(fixture.dir) });
      expect(dry.outcome).toBe('planned');
      expect(dry.problems).toEqual([]);
      expect([dry.plan!.added.length, dry.plan!.changed.length, dry.plan!.unchanged.length, dry.plan!.conflicts.length]).toEqual([499, 1, 0, 0]);
      expect(await stateOf(store)).toEqual(before);
      expect(await store.listMigrationRuns()).toEqual([]);
      expect(() => readdirSync(join(fixture.dir, 'backups'))).toThrow(/ENOENT/);

      const deps = importDeps(fixture.dir);
      const result = await runImport({ store, files, ...deps });
      expect(result.error).toBeUndefined();
      expect(result.outcome).toBe('succeeded');
      const after = await store.listConfigs();
      expect(after).toHaveLength(501);
      expect(new Map((await stateOf(store)).hashes)).toEqual(result.plan!.expectedAfter.hashes);
      expect(after.find((c) => c.name === 'existing')).toEqual(before.records.find((c) => c.name === 'existing'));
      expect(after.find((c) => c.name === 'svc-000')).toMatchObject({ version: 2, config: { command: 'node', args: ['srv-0.js'] } });
      expect(after.find((c) => c.name === 'svc-499')?.config).toMatchObject({ type: 'sse', url: 'http://127.0.0.1:30165/sse', port: 30_165 });
      // the backup holds the state before, verified
      expect(backups()).toHaveLength(1);
      const backup = await readBackup(result.backupPath!);
      expect(backup.records.map(({ sha256: _s, ...r }) => r)).toEqual(before.records);
      // timings per phase, progress lines, the run on record
      expect(Object.keys(result.timings)).toEqual(['read', 'plan', 'backup', 'write', 'verify']);
      const progress = deps.lines.filter((l) => l.msg === 'migration progress');
      expect(progress.at(-1)).toMatchObject({ phase: 'write', done: 500, total: 500, percent: 100 });
      expect(progress.length).toBeLessThanOrEqual(12);
      const [run] = await store.listMigrationRuns();
      expect(run).toMatchObject({
        command: 'import',
        mode: 'safe',
        outcome: 'succeeded',
        backupPath: result.backupPath,
        error: null,
        summary: { added: 499, changed: 1, before: 2, expectedAfter: 501 },
      });

      // running it again changes nothing
      const again = await runImport({ store, files, ...importDeps(fixture.dir) });
      expect(again.outcome).toBe('succeeded');
      expect(again.plan!.unchanged).toHaveLength(500);
      expect((await store.listConfigs()).find((c) => c.name === 'svc-000')?.version).toBe(2);
    });

    it('a store failing after N records leaves the store exactly as before and the run recorded as rolled back', async () => {
      for (const n of ['a', 'b', 'svc-010']) await store.createConfig(n, stdio(n));
      const before = await stateOf(store);
      const files = legacyFiles(fixture.dir, 60);
      const deps = importDeps(fixture.dir);
      const result = await runImport({ store: failingAfter(store, 25), files, ...deps });
      expect(result.outcome).toBe('rolled_back');
      expect(result.error).toMatch(/injected fault after 25 records.*restored from/);
      expect(await stateOf(store)).toEqual(before);
      const [run] = await store.listMigrationRuns();
      expect(run).toMatchObject({ outcome: 'rolled_back', backupPath: result.backupPath, error: expect.stringMatching(/injected fault/) });
      expect(deps.lines.some((l) => l.level === 'error' && l.msg === 'config migration failed')).toBe(true);
    });

    it('an integrity violation after commit (a lost record) restores the backup', async () => {
      await store.createConfig('pre', stdio('pre'));
      const before = await stateOf(store);
      const result = await runImport({ store: droppingWrite(store, 7), files: legacyFiles(fixture.dir, 30), ...importDeps(fixture.dir) });
      expect(result.outcome).toBe('rolled_back');
      expect(result.error).toMatch(/integrity check failed: record count 30, expected 31; record "svc-007" is missing/);
      expect(await stateOf(store)).toEqual(before);
    });

    it('in full mode without auto-rollback a failed write is reported, the transaction still leaves nothing half-written', async () => {
      await store.createConfig('pre', stdio('pre'));
      const before = await stateOf(store);
      const result = await runImport({
        store: failingAfter(store, 3),
        files: legacyFiles(fixture.dir, 10),
        ...importDeps(fixture.dir, { MCP_MIGRATION_MODE: 'full' }),
      });
      expect(result.outcome).toBe('failed');
      expect(result.error).toMatch(/auto-rollback is off.*pnpm migrate rollback --to/);
      expect(await stateOf(store)).toEqual(before);
      // with MCP_ENABLE_AUTO_ROLLBACK=true, full mode rolls back too
      const auto = await runImport({
        store: failingAfter(store, 3),
        files: legacyFiles(fixture.dir, 10),
        ...importDeps(fixture.dir, { MCP_MIGRATION_MODE: 'full', MCP_ENABLE_AUTO_ROLLBACK: 'true' }),
      });
      expect(auto.outcome).toBe('rolled_back');
    });

    it('invalid input is reported per record and nothing is written; --validate writes nothing either', async () => {
      await store.createConfig('pre', stdio('pre'));
      const before = await stateOf(store);
      const files = [
        ...legacyFiles(fixture.dir, 20),
        writeJson(fixture.dir, 'extra.json', { mcpServers: { broken: { args: [] }, 'svc-001': { command: 'other' } } }),
      ];
      const validated = await runImport({ store, files, validateOnly: true, ...importDeps(fixture.dir) });
      expect(validated.outcome).toBe('invalid');
      expect(validated.problems.map((p) => [p.file.endsWith('extra.json'), p.entry])).toEqual([
        [true, 'broken'],
        [true, 'svc-001'],
      ]);
      expect(await store.listMigrationRuns()).toEqual([]);
      const result = await runImport({ store, files, ...importDeps(fixture.dir) });
      expect(result.outcome).toBe('invalid');
      expect(await stateOf(store)).toEqual(before);
      expect(() => backups()).toThrow(/ENOENT/);
      expect((await store.listMigrationRuns())[0]).toMatchObject({ outcome: 'invalid', error: '2 problem(s) in the input; nothing was written' });
    });

    it('a corrupt backup stops the run before anything is written', async () => {
      await store.createConfig('pre', stdio('pre'));
      const before = await stateOf(store);
      // a backup directory that is a file: the backup cannot be written
      writeJson(fixture.dir, 'backups', {});
      const result = await runImport({ store, files: legacyFiles(fixture.dir, 5), ...importDeps(fixture.dir) });
      expect(result.outcome).toBe('failed');
      expect(result.error).toMatch(/^backup failed, nothing was written/);
      expect(await stateOf(store)).toEqual(before);
    });

    it('rollback restores the latest backup exactly and keeps a pre-rollback copy; --to picks one', async () => {
      await store.createConfig('pre', stdio('pre'));
      const original = await stateOf(store);
      const first = await runImport({ store, files: legacyFiles(fixture.dir, 5, 'one'), ...importDeps(fixture.dir) });
      const afterFirst = await stateOf(store);
      await runImport({ store, files: legacyFiles(fixture.dir, 5, 'two'), ...importDeps(fixture.dir) });
      expect(await store.listConfigs()).toHaveLength(11);

      const latest = await runRollback({ store, ...importDeps(fixture.dir) });
      expect(latest.outcome).toBe('succeeded');
      expect(await stateOf(store)).toEqual(afterFirst);
      expect(latest.safetyBackup).toMatch(/_pre-rollback\.json$/);

      const to = await runRollback({ store, to: first.backupPath, ...importDeps(fixture.dir) });
      expect(to.outcome).toBe('succeeded');
      expect(await stateOf(store)).toEqual(original);
      expect((await store.listMigrationRuns()).slice(0, 2).map((r) => [r.command, r.outcome])).toEqual([
        ['rollback', 'succeeded'],
        ['rollback', 'succeeded'],
      ]);

      // a tampered backup is refused and the store left alone
      const tampered = join(fixture.dir, 'tampered.json');
      writeJson(fixture.dir, 'tampered.json', { ...JSON.parse(readFileSync(first.backupPath!, 'utf8')), count: 5 });
      const refused = await runRollback({ store, to: tampered, ...importDeps(fixture.dir) });
      expect(refused.outcome).toBe('failed');
      expect(refused.error).toMatch(/declares 5 records but holds 1/);
      expect(await stateOf(store)).toEqual(original);
    });
  });
});
