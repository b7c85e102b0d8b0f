import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectInProcess, type FetchTarget } from '@mcp/testing';
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

export interface TestDatabasesOptions {
  /** The service name: temp directory prefix and console tag, e.g. "ai-memory". */
  service: string;
  /** The SQLite file name inside the temp directory, e.g. "ai_memory.sqlite". */
  sqliteFile: string;
  /** The prefix of the per-database PostgreSQL schema, e.g. "ai_memory_test". */
  schemaPrefix: string;
}

export interface TestDatabases {
  freshSqlite(): TestDatabase;
  /** undefined when PostgreSQL answers, else why not. */
  postgresUnreachable(): Promise<string | undefined>;
  freshPostgres(): Promise<TestDatabase>;
  closeAdmin(): Promise<void>;
  /**
   * Registers `suite` when PostgreSQL is reachable. Otherwise: under CI=true a
   * failing test (CI must test both engines for real), else a skipped suite with
   * the reason, and a warning on the console.
   */
  describePostgres(name: string, suite: () => void): Promise<void>;
}

/** The fresh-database helpers of one service's tests. */
export function testDatabases(options: TestDatabasesOptions): TestDatabases {
  let admin: pg.Pool | undefined;
  let reachable: Promise<string | undefined> | undefined;

  function freshSqlite(): TestDatabase {
    const dir = mkdtempSync(join(tmpdir(), `${options.service}-`));
    return { location: join(dir, 'nested', options.sqliteFile), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }

  function postgresUnreachable(): Promise<string | undefined> {
    admin ??= new pg.Pool({ connectionString: PG_URL, max: 2, connectionTimeoutMillis: 3000 });
    admin.on('error', () => {});
    reachable ??= admin.query('SELECT 1').then(
      () => undefined,
      (error: Error) => error.message || String(error),
    );
    return reachable;
  }

  async function freshPostgres(): Promise<TestDatabase> {
    const schema = `${options.schemaPrefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin!.query(`CREATE SCHEMA ${schema}`);
    const location = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    return { location, dispose: async () => void (await admin!.query(`DROP SCHEMA ${schema} CASCADE`)) };
  }

  async function closeAdmin(): Promise<void> {
    await admin?.end();
    admin = undefined;
    reachable = undefined;
  }

  async function describePostgres(name: string, suite: () => void): Promise<void> {
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
    console.warn(`[${options.service}] PostgreSQL unreachable at ${PG_URL} (${why}); "${name}" SKIPPED. Set CI=true to make this a failure.`);
    describe.skip(`${name} — SKIPPED: PostgreSQL unreachable at ${PG_URL}`, () => {
      it('runs only with a reachable PostgreSQL', () => {});
    });
  }

  return { freshSqlite, postgresUnreachable, freshPostgres, closeAdmin, describePostgres };
}

export interface DbHarness<Service> {
  db: TestDatabase;
  service: Service;
  client: Awaited<ReturnType<typeof connectInProcess>>;
  /** Calls a tool; returns its structured result, or throws with the error text when isError. */
  call<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Calls a tool that must fail; returns the error text. */
  fail(name: string, args?: Record<string, unknown>): Promise<string>;
  /** Closes the client, stops the service and disposes of the database. */
  close(): Promise<void>;
}

/** The service in-process (no socket), driven by the SDK client, on `db`. */
export async function startDbHarness<Service extends FetchTarget & { stop(): Promise<void> }>(db: TestDatabase, service: Service): Promise<DbHarness<Service>> {
  const client = await connectInProcess(service);
  const raw = (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args });
  return {
    db,
    service,
    client,
    async call<T>(name: string, args: Record<string, unknown> = {}) {
      const result = await raw(name, args);
      if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
      return result.structuredContent as T;
    },
    async fail(name: string, args: Record<string, unknown> = {}) {
      const result = await raw(name, args);
      if (!result.isError) throw new Error(`${name} succeeded but should have failed: ${textOf(result)}`);
      return textOf(result);
    },
    close: async () => {
      await client.close();
      await service.stop();
      await db.dispose();
    },
  };
}

/** The text of a tool result's first content block. */
export function textOf(result: { content?: unknown }): string {
  return (result.content as Array<{ text?: string }> | undefined)?.[0]?.text ?? '';
}
