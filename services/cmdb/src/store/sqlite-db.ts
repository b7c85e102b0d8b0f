import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type AppliedMigration, checksumOf, type Migration, pendingMigrations, schemaVersionDdl, sqlFor, validateMigrations } from './migrate.js';

/**
 * A better-sqlite3 connection set up as the catalog asks (WAL, busy_timeout,
 * foreign_keys), with prepared-statement cache, migration runner and a lock.
 *
 * The lock: cmdb writes are multi-step (read, validate, write, append
 * history) and run as async code, while better-sqlite3 has one connection.
 * Without it, two tool calls could interleave statements inside one
 * transaction. Every store operation holds the lock, so each runs alone.
 */
export class SqliteDb {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    busyTimeoutMs = 5000,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    this.db.pragma('foreign_keys = ON');
  }

  stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

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

  migrate(list: readonly Migration[]): void {
    validateMigrations(list);
    this.db.exec(schemaVersionDdl.sqlite);
    // One migration per IMMEDIATE transaction, re-reading the history under the write lock.
    const step = this.db.transaction((): boolean => {
      const next = pendingMigrations(list, this.applied(), 'sqlite')[0];
      if (!next) return false;
      this.db.exec(sqlFor(next, 'sqlite'));
      this.db
        .prepare('INSERT INTO schema_version (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)')
        .run(next.version, next.name, new Date().toISOString(), checksumOf(next, 'sqlite'));
      return true;
    });
    while (step.immediate()) {
      // until nothing is pending
    }
  }

  applied(): AppliedMigration[] {
    const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
    if (!exists) return [];
    return this.db.prepare('SELECT version, name, applied_at, checksum FROM schema_version ORDER BY version').all() as AppliedMigration[];
  }

  /** PRAGMA quick_check, FTS5 compiled in, library version. */
  check(): { integrity: string; fts5: boolean; version: string } {
    const integrity = (this.db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check).join('; ');
    const row = this.db.prepare("SELECT sqlite_version() AS version, sqlite_compileoption_used('ENABLE_FTS5') AS fts5").get() as {
      version: string;
      fts5: number;
    };
    return { integrity, fts5: row.fts5 === 1, version: row.version };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
