import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendConfig } from '../../src/config/schema.js';
import { type MigratableStore, StoreConflictError } from '../../src/store/index.js';
import { type EngineFixture, forEachEngine } from './engines.js';

const stdio = (command: string): BackendConfig => ({ command, args: [], env: {}, enabled: true }) as BackendConfig;

await forEachEngine('store transactions', (engine, fresh) => {
  describe(`${engine} store: transactions, restores, migration runs`, () => {
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

    it('commits every write of a transaction together', async () => {
      await store.transaction(async (tx) => {
        await tx.createConfig('a', stdio('a'));
        await tx.createConfig('b', stdio('b'));
        expect((await tx.listConfigs()).map((c) => c.name)).toEqual(['a', 'b']);
      });
      expect((await store.listConfigs()).map((c) => c.name)).toEqual(['a', 'b']);
    });

    it('rolls every write back when the callback throws, and rethrows', async () => {
      const original = await store.createConfig('keep', stdio('keep'));
      const failing = store.transaction(async (tx) => {
        await tx.createConfig('new', stdio('new'));
        await tx.updateConfig('keep', stdio('changed'), 1);
        await tx.deleteConfig('keep');
        await tx.createConfig('new', stdio('again')); // conflict
      });
      await expect(failing).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.listConfigs()).toEqual([original]);
      // the store stays usable afterwards
      await store.transaction(async (tx) => void (await tx.createConfig('after', stdio('x'))));
      expect((await store.listConfigs()).map((c) => c.name)).toEqual(['after', 'keep']);
    });

    it('queues concurrent transactions on one instance', async () => {
      await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.createConfig(`t${i}`, stdio('x'));
            await new Promise((r) => setTimeout(r, 5));
            await tx.updateConfig(`t${i}`, stdio('y'), 1);
          }),
        ),
      );
      expect((await store.listConfigs()).map((c) => c.version)).toEqual([2, 2, 2, 2, 2]);
    });

    it('putConfig writes a record exactly (version, timestamps); clearConfigs empties the table', async () => {
      const record = { name: 'restored', config: stdio('node'), version: 7, createdAt: '2024-01-02T03:04:05.678Z', updatedAt: '2025-06-07T08:09:10.111Z' };
      await store.createConfig('restored', stdio('other'));
      await store.putConfig(record);
      expect(await store.getConfig('restored')).toEqual(record);
      await store.putConfig({ ...record, name: 'second' });
      expect(await store.clearConfigs()).toBe(2);
      expect(await store.listConfigs()).toEqual([]);
    });

    it('records migration runs and updates them by id', async () => {
      const run = {
        id: 'run-1',
        command: 'import' as const,
        mode: 'safe',
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: null,
        outcome: 'running' as const,
        sources: ['a.json'],
        backupPath: null,
        summary: {},
        error: null,
      };
      await store.recordMigrationRun(run);
      await store.recordMigrationRun({ ...run, id: 'run-2', startedAt: '2026-01-02T00:00:00.000Z' });
      await store.recordMigrationRun({
        ...run,
        outcome: 'rolled_back',
        finishedAt: '2026-01-01T00:00:01.000Z',
        backupPath: '/b.json',
        summary: { added: 3 },
        error: 'boom',
      });
      const runs = await store.listMigrationRuns();
      expect(runs.map((r) => r.id)).toEqual(['run-2', 'run-1']);
      expect(runs[1]).toEqual({
        ...run,
        outcome: 'rolled_back',
        finishedAt: '2026-01-01T00:00:01.000Z',
        backupPath: '/b.json',
        summary: { added: 3 },
        error: 'boom',
      });
      expect(await store.listMigrationRuns(1)).toHaveLength(1);
    });
  });
});
