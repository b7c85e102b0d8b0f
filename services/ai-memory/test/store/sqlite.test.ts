import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteMemoryStore } from '../../src/store/sqlite-store.js';
import { freshSqlite } from '../databases.js';
import { memory, storeContract, T0 } from './contract.js';

// A real file rather than ':memory:', so several store instances share one database as processes would.
storeContract('sqlite', async () => {
  const db = freshSqlite();
  return { open: (options) => new SqliteMemoryStore({ path: db.location, ...options }), dispose: db.dispose };
});

describe('sqlite specifics', () => {
  it('opens with WAL, busy_timeout and foreign keys, and keeps the external-content FTS5 indexes consistent', async () => {
    const db = freshSqlite();
    const store = new SqliteMemoryStore({ path: db.location });
    try {
      await store.migrate();
      const { memory: m } = await store.storeMemory(memory('indexed text', { tags: ['a'] }), T0);
      await store.updateMemory(m.id, { content: 'changed text', content_hash: 'h2', tags: ['b'] }, T0);
      await store.appendMessages({ conversationId: 'c', namespace: 'user:42', messages: [{ role: 'user', content: 'hello there', metadata: {} }], now: T0 });
      await store.deleteConversation('c');
      await store.purgeMemories({
        namespace: 'user:42',
        includeSoftDeleted: true,
        includeActive: true,
        olderThan: '2100-01-01T00:00:00.000Z',
        dryRun: false,
        now: T0,
      });
      await store.close();
      const raw = new Database(db.location);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      // 'integrity-check' with rank 1 compares the FTS index with the content table.
      expect(() => raw.exec("INSERT INTO memories_fts (memories_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
      expect(() => raw.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
      expect(raw.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: 1 }]);
      raw.close();
    } finally {
      await store.close();
      await db.dispose();
    }
  });
});
