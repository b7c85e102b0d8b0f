import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type AppliedMigration, checksumOf, type Migration, pendingMigrations, schemaVersionDdl, sqlFor, validateMigrations } from './migrate.js';

/**
 * A better-sqlite3 connection set up as the catalog asks (WAL, busy_timeout,
 * foreign_keys), with a cache of prepared statements and the migration
 * runner. Services extend it (locks, async transactions). better-sqlite3 is synchronous: every statement here is bounded
 * (limits on every list), so the event loop is never held for long.
 */
export class SqliteDb {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly path: string,
    busyTimeoutMs = 5000,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // WAL: readers never block the writer. busy_timeout: another process on the
    // same file waits for the lock instead of failing with SQLITE_BUSY at once.
    this.db.pragma('journal_mode = WAL');
    // FULL, explicitly: better-sqlite3 is built with DEFAULT_WAL_SYNCHRONOUS=1,
    // so a file already in WAL mode would reopen with NORMAL, whose last
    // commits can vanish on power loss after the tool said "saved".
    this.db.pragma('synchronous = FULL');
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    this.db.pragma('foreign_keys = ON');
  }

  /** A cached prepared statement (prepared on first use: tables exist only after migrate()). */
  stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs fn in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so read-then-write cannot race another process. */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  migrate(list: readonly Migration[]): void {
    validateMigrations(list);
    this.db.exec(schemaVersionDdl.sqlite);
    // One migration per IMMEDIATE transaction, re-reading the history under the
    // write lock, so two processes migrating one file never apply a step twice.
    const step = (): boolean => {
      const next = pendingMigrations(list, this.applied(), 'sqlite')[0];
      if (!next) return false;
      this.db.exec(sqlFor(next, 'sqlite'));
      this.db
        .prepare('INSERT INTO schema_version (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)')
        .run(next.version, next.name, new Date().toISOString(), checksumOf(next, 'sqlite'));
      return true;
    };
    while (this.write(step)) {
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
    const integrity = (this.db.pragma('quick_check', { simple: false }) as Array<{ quick_check: string }>).map((r) => r.quick_check).join('; ');
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
