import { SqliteDb as BaseSqliteDb } from '@mcp/sql';

/**
 * The shared SQLite connection (@mcp/sql) with a lock.
 *
 * The lock: cmdb writes are multi-step (read, validate, write, append
 * history) and run as async code, while better-sqlite3 has one connection.
 * Without it, two tool calls could interleave statements inside one
 * transaction. Every store operation holds the lock, so each runs alone.
 */
export class SqliteDb extends BaseSqliteDb {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs fn alone (no other operation of this connection interleaves). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => {});
    return run;
  }

  /** Runs fn alone inside BEGIN IMMEDIATE … COMMIT (ROLLBACK on error). */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn();
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }
}
