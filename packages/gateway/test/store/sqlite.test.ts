import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStore, SqliteStore } from '../../src/store/index.js';
import { storeContract } from './contract.js';

// A real file rather than ':memory:', so that several store instances share
// one database, as several processes on one machine would.
storeContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-store-'));
  const path = join(dir, 'nested', 'gateway.sqlite'); // also checks the directory is created
  return {
    open: (options) => new SqliteStore({ path, ...options }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

// better-sqlite3 is built with DEFAULT_WAL_SYNCHRONOUS=1: a file already in WAL
// mode reopens with synchronous=NORMAL unless the store sets FULL itself, and
// audit rows acknowledged to callers must survive power loss.
describe('sqlite durability', () => {
  it('opens every connection with synchronous=FULL, also on a file already in WAL mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-store-'));
    try {
      const path = join(dir, 'gateway.sqlite');
      const first = new SqliteStore({ path });
      await first.migrate();
      expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(first.db.pragma('synchronous', { simple: true })).toBe(2);
      await first.close();
      const reopened = new SqliteStore({ path });
      expect(reopened.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(reopened.db.pragma('synchronous', { simple: true })).toBe(2);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GATEWAY_SQLITE_SYNCHRONOUS=normal is an explicit opt-in through createStore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-store-'));
    try {
      const store = createStore({ sqlitePath: join(dir, 'gateway.sqlite'), sqliteSynchronous: 'normal' }) as SqliteStore;
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
      await store.close();
      const byDefault = createStore({ sqlitePath: join(dir, 'gateway.sqlite') }) as SqliteStore;
      expect(byDefault.db.pragma('synchronous', { simple: true })).toBe(2);
      await byDefault.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
