import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, it } from 'vitest';

/**
 * Real databases for tests: a SQLite file in a temp directory, and a
 * PostgreSQL schema of its own per database (selected through the
 * connection's search_path, dropped afterwards), so parallel runs never meet.
 */
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** The SQLite path, or the PostgreSQL URL with its schema. */
  location: string;
  dispose(): Promise<void>;
}

export function freshSqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'ai-memory-'));
  return { location: join(dir, 'nested', 'ai_memory.sqlite'), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

let admin: pg.Pool | undefined;
let reachable: Promise<string | undefined> | undefined;

/** undefined when PostgreSQL answers, else why not. */
export function postgresUnreachable(): Promise<string | undefined> {
  admin ??= new pg.Pool({ connectionString: PG_URL, max: 2, connectionTimeoutMillis: 3000 });
  admin.on('error', () => {});
  reachable ??= admin.query('SELECT 1').then(
    () => undefined,
    (error: Error) => error.message || String(error),
  );
  return reachable;
}

export async function freshPostgres(): Promise<TestDatabase> {
  const schema = `ai_memory_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin!.query(`CREATE SCHEMA ${schema}`);
  const location = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return { location, dispose: async () => void (await admin!.query(`DROP SCHEMA ${schema} CASCADE`)) };
}

export async function closeAdmin(): Promise<void> {
  await admin?.end();
  admin = undefined;
  reachable = undefined;
}

/**
 * Registers `suite` when PostgreSQL is reachable. Otherwise: under CI=true a
 * failing test (CI must test both engines for real), else a skipped suite with
 * the reason, and a warning on the console.
 */
export async function describePostgres(name: string, suite: () => void): Promise<void> {
  const why = await postgresUnreachable();
  if (!why) {
    describe(name, suite);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs PostgreSQL (CI=true)', () => {
        throw new Error(`PostgreSQL unreachable at ${PG_URL}: ${why}. The PostgreSQL tests must run for real in CI.`);
      });
    });
    return;
  }
  console.warn(`[ai-memory] PostgreSQL unreachable at ${PG_URL} (${why}); "${name}" SKIPPED. Set CI=true to make this a failure.`);
  describe.skip(`${name} — SKIPPED: PostgreSQL unreachable at ${PG_URL}`, () => {
    it('runs only with a reachable PostgreSQL', () => {});
  });
}
