import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SqliteDb } from '../src/sqlite-db.js';

// better-sqlite3 is built with DEFAULT_WAL_SYNCHRONOUS=1: a file already in WAL
// mode reopens with synchronous=NORMAL unless the connection sets FULL itself.
it('opens every connection in WAL mode with synchronous=FULL, also a file already in WAL mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-sql-'));
  try {
    const path = join(dir, 'data.sqlite');
    for (let open = 0; open < 2; open++) {
      const db = new SqliteDb(path);
      db.db.exec('CREATE TABLE IF NOT EXISTS t (x INTEGER)');
      db.db.prepare('INSERT INTO t VALUES (?)').run(open);
      expect(db.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.db.pragma('synchronous', { simple: true })).toBe(2);
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
