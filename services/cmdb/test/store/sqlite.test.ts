import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { retireCi } from '../../src/ops/ci-write.js';
import { createSqliteStore } from '../../src/store/stores.js';
import { freshSqlite } from '../databases.js';
import { cmdbContract } from './contract.js';
import { ctx, estate } from './fixture.js';

// A real file rather than ':memory:', so several store instances share one database as processes would.
cmdbContract('sqlite', async () => {
  const db = freshSqlite();
  return { open: (options) => createSqliteStore({ path: db.location, ...options }), dispose: db.dispose };
});

describe('sqlite specifics', () => {
  it('runs in WAL mode and keeps the external-content FTS5 index consistent through updates and purges', async () => {
    const db = freshSqlite();
    const store = createSqliteStore({ path: db.location });
    try {
      await store.migrate();
      const e = await estate(store);
      await retireCi(store, { id: e.vm.id, hard: true }, ctx());
      await store.close();
      const raw = new Database(db.location);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(() => raw.exec("INSERT INTO configuration_items_fts (configuration_items_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
      raw.close();
    } finally {
      await store.close();
      await db.dispose();
    }
  });
});
