import { PG_URL, testDatabases } from '@mcp/sql/testing';
import { afterAll } from 'vitest';
import { type MigratableStore, PostgresStore, SqliteStore } from '../../src/store/index.js';

export const pgUrl = PG_URL;

/** Fresh SQLite files and PostgreSQL schemas (search_path), so runs never collide: @mcp/sql's helpers. */
const databases = testDatabases({ service: 'gw-gov', sqliteFile: 'gateway.sqlite', schemaPrefix: 'gw_gov' });

/** Why PostgreSQL cannot be used, or undefined when it can. */
export const postgresUnreachable = (): Promise<string | undefined> => databases.postgresUnreachable();

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated store in its own file or schema. */
  open(): Promise<{ store: MigratableStore; dispose(): Promise<void>; url?: string }>;
}

export const sqliteEngine: Engine = {
  name: 'sqlite',
  open: async () => {
    const db = databases.freshSqlite();
    const store = new SqliteStore({ path: db.location });
    await store.migrate();
    return {
      store,
      dispose: async () => {
        await store.close();
        await db.dispose();
      },
    };
  },
};

export const postgresEngine: Engine = {
  name: 'postgres',
  open: async () => {
    await databases.postgresUnreachable();
    const db = await databases.freshPostgres();
    const store = new PostgresStore({ connectionString: db.location });
    await store.migrate();
    return {
      store,
      url: db.location,
      dispose: async () => {
        await store.close();
        await db.dispose();
      },
    };
  },
};

/** The engines to test: PostgreSQL is skipped when unreachable, unless CI=true (then the probe test fails). */
export async function engines(): Promise<{ list: Engine[]; pgProblem: string | undefined }> {
  const pgProblem = await postgresUnreachable();
  afterAll(() => databases.closeAdmin());
  if (pgProblem && process.env.CI !== 'true') console.warn(`[governance tests] PostgreSQL unreachable at ${pgUrl} (${pgProblem}); PostgreSQL cases SKIPPED.`);
  return { list: pgProblem ? [sqliteEngine] : [sqliteEngine, postgresEngine], pgProblem };
}
