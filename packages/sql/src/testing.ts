import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ContractHarness,
  connectInProcess,
  type FetchTarget,
  type InvalidSettingCase,
  type ServiceContractOptions,
  serviceContractSuite,
} from '@mcp/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

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

export interface DatabaseServiceContractOptions<H extends ContractHarness> {
  /** The service name (kebab), e.g. "ai-memory": temp directory prefix and the upstream component it must not have. */
  service: string;
  /** Its env prefix, e.g. "AI_MEMORY": <PREFIX>_DB_PATH and <PREFIX>_READ_ONLY. */
  prefix: string;
  createService: ServiceContractOptions<H>['createService'];
  startHarness: ServiceContractOptions<H>['startHarness'];
  /** A read tool that must name DATABASE_URL when PostgreSQL is unreachable. */
  probeTool: { name: string; arguments: Record<string, unknown> };
  /** The service's own invalid settings, next to the shared DATABASE_URL and <PREFIX>_DB_PATH ones. */
  invalidSettings: InvalidSettingCase[];
  /** Exactly the tools left in read-only mode. */
  readOnlyTools: string[];
  /** Exactly the tools marked destructive. */
  destructive: string[];
}

/** A path below a regular file, which no database can be opened at. */
function pathBelowAFile(service: string): string {
  const file = join(mkdtempSync(join(tmpdir(), `${service}-`)), 'a-file');
  writeFileSync(file, 'not a directory');
  return join(file, 'db.sqlite');
}

/**
 * The contract of a local-data service on @mcp/sql (ai-memory, cmdb): healthy
 * out of the box on SQLite, an unreachable PostgreSQL named by its variable
 * (password hidden), invalid DATABASE_URL / <PREFIX>_DB_PATH refused at start,
 * <PREFIX>_READ_ONLY, deletes marked destructive and nothing open-world.
 */
export function databaseServiceContract<H extends ContractHarness>(options: DatabaseServiceContractOptions<H>): void {
  const { service, prefix } = options;
  serviceContractSuite({
    createService: options.createService,
    startHarness: options.startHarness,
    healthy: {
      title: 'works out of the box on SQLite: healthy, with the database component and nothing missing',
      check: (body) => {
        expect(body.components.configuration?.status).toBe('healthy');
        expect(body.components.database).toMatchObject({ status: 'healthy', metadata: { engine: 'sqlite', schema_version: 1 } });
        expect(body.components[`upstream:${service}`]).toBeUndefined();
      },
    },
    unreachable: {
      title: 'with PostgreSQL unreachable it starts, is unhealthy and not ready, and tools name the variable',
      env: { DATABASE_URL: 'postgres://nobody:pw@127.0.0.1:1/none' },
      component: 'database',
      message: /127\.0\.0\.1:1\/none is unreachable.*DATABASE_URL/,
      hides: ['pw'],
      tool: options.probeTool,
      toolError: /unreachable.*Retry after 5 s.*DATABASE_URL/,
    },
    invalidSettings: [
      ...options.invalidSettings,
      { name: 'DATABASE_URL', value: 'mysql://x/y', error: /^Invalid configuration: DATABASE_URL is invalid \(must start with postgres/ },
      {
        name: `${prefix}_DB_PATH`,
        value: () => pathBelowAFile(service),
        error: new RegExp(`^Invalid configuration: ${prefix}_DB_PATH cannot be opened`),
      },
    ],
    readOnly: { title: `${prefix}_READ_ONLY keeps the read-only tools only`, env: { [`${prefix}_READ_ONLY`]: 'true' }, tools: options.readOnlyTools },
    annotations: {
      title: 'marks deletes destructive, so the gateway asks before running them',
      destructive: options.destructive,
      every: { openWorldHint: false },
    },
  });
}
