import { createHash } from 'node:crypto';

export type Engine = 'sqlite' | 'postgres';

/**
 * One schema change: `sql` when both engines take the same text, otherwise
 * `sqlite` and `postgres`. A released migration is never edited (databases
 * record its checksum and refuse to start on a change): append a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql?: string;
  sqlite?: string;
  postgres?: string;
}

/** A row of `schema_version`. */
export interface AppliedMigration {
  version: number;
  name: string;
  applied_at: string;
  checksum: string;
}

export class MigrationChecksumError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationChecksumError';
  }
}

/** The bookkeeping table, created before anything else. */
export const schemaVersionDdl: Record<Engine, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, checksum TEXT NOT NULL)`,
  postgres: `CREATE TABLE IF NOT EXISTS schema_version (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), checksum text NOT NULL)`,
};

export function sqlFor(migration: Migration, engine: Engine): string {
  const sql = migration[engine] ?? migration.sql;
  if (!sql) throw new Error(`migration ${migration.version} (${migration.name}) has no SQL for ${engine}`);
  return sql;
}

/** sha256 of the SQL with whitespace runs collapsed: re-indenting is not a change, anything else is. */
export function checksumOf(migration: Migration, engine: Engine): string {
  return createHash('sha256').update(sqlFor(migration, engine).replace(/\s+/g, ' ').trim()).digest('hex');
}

/** Catches mistakes in the list itself before touching a database. */
export function validateMigrations(list: readonly Migration[]): void {
  let previous = 0;
  for (const m of list) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new Error(`migrations must have strictly increasing positive integer versions; got ${m.version} after ${previous}`);
    }
    sqlFor(m, 'sqlite');
    sqlFor(m, 'postgres');
    previous = m.version;
  }
}

/**
 * What remains to apply, in order. Throws MigrationChecksumError when an
 * applied migration's text changed. Unknown applied versions are tolerated: an
 * older replica may start while a newer one has migrated (rolling deploy).
 */
export function pendingMigrations(list: readonly Migration[], applied: readonly AppliedMigration[], engine: Engine): Migration[] {
  const byVersion = new Map(applied.map((a) => [a.version, a]));
  const pending: Migration[] = [];
  for (const m of list) {
    const done = byVersion.get(m.version);
    if (!done) {
      pending.push(m);
      continue;
    }
    const expected = checksumOf(m, engine);
    if (done.checksum !== expected) {
      throw new MigrationChecksumError(
        `migration ${m.version} (${m.name}) was applied with checksum ${done.checksum.slice(0, 12)}… but the code has ${expected.slice(0, 12)}…; ` +
          'released migrations must not be edited — add a new migration instead',
      );
    }
  }
  return pending;
}

/** The highest applied version (0 for an empty database). */
export function schemaVersionOf(applied: readonly AppliedMigration[]): number {
  return applied.reduce((max, m) => Math.max(max, m.version), 0);
}
