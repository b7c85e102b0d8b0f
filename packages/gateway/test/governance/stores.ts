import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresStore, SqliteStore, type MigratableStore } from '../../src/store/index.js';

export const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL cannot be used, or undefined when it can. */
export async function postgresUnreachable(): Promise<string | undefined> {
  const probe = new pg.Pool({ connectionString: pgUrl, max: 1, connectionTimeoutMillis: 3000 });
  probe.on('error', () => {});
  try {
    await probe.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await probe.end();
  }
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated store in its own file or schema. */
  open(): Promise<{ store: MigratableStore; dispose(): Promise<void>; url?: string }>;
}

export const sqliteEngine: Engine = {
  name: 'sqlite',
  open: async () => {
    const store = new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'gw-gov-')), 'gateway.sqlite') });
    await store.migrate();
    return { store, dispose: () => store.close() };
  },
};

/** Each store in its own schema (search_path), so runs never collide. */
export const postgresEngine: Engine = {
  name: 'postgres',
  open: async () => {
    const schema = `gw_gov_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Pool({ connectionString: pgUrl, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const store = new PostgresStore({ connectionString: url });
    await store.migrate();
    return {
      store,
      url,
      dispose: async () => {
        await store.close();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    };
  },
};

/** The engines to test: PostgreSQL is skipped when unreachable, unless CI=true (then the probe test fails). */
export async function engines(): Promise<{ list: Engine[]; pgProblem: string | undefined }> {
  const pgProblem = await postgresUnreachable();
  if (pgProblem && process.env.CI !== 'true') console.warn(`[governance tests] PostgreSQL unreachable at ${pgUrl} (${pgProblem}); PostgreSQL cases SKIPPED.`);
  return { list: pgProblem ? [sqliteEngine] : [sqliteEngine, postgresEngine], pgProblem };
}
