import type { StoreHealth } from '../models.js';
import { type Migration, PgDb, schemaVersionOf } from '@mcp/sql';
import { PgQueries } from './pg-queries.js';
import { migrations as defaultMigrations } from './schema.js';
import { SqliteDb } from './sqlite-db.js';
import { SqliteQueries } from './sqlite-queries.js';
import type { CmdbQueries, CmdbStore } from './types.js';

/** First key of the two-int advisory lock around migrations; the second is the schema, so schemas do not wait for each other. */
const MIGRATION_LOCK_CLASS = 0x636d64; // "cmd"

export const DEFAULT_SQLITE_PATH = './data/cmdb.sqlite';

type Lifecycle = Omit<CmdbStore, keyof CmdbQueries>;

/** Lifecycle methods first; every other property is a primitive of `queries`, run through `wrap`. */
function compose(lifecycle: Lifecycle, queries: CmdbQueries, wrap: <T>(fn: () => Promise<T>) => Promise<T>): CmdbStore {
  return new Proxy(lifecycle, {
    get(target, property) {
      if (property in target) return Reflect.get(target, property);
      const method = Reflect.get(queries, property) as unknown;
      if (typeof method !== 'function') return undefined;
      return (...args: unknown[]) => wrap(() => (method as (...a: unknown[]) => Promise<unknown>).apply(queries, args));
    },
  }) as CmdbStore;
}

/** The CMDB on SQLite: each operation runs alone on the one connection; transactions are BEGIN IMMEDIATE. */
export function createSqliteStore(options: { path: string; migrations?: readonly Migration[] }): CmdbStore {
  const sql = new SqliteDb(options.path);
  const queries = new SqliteQueries(sql);
  const list = options.migrations ?? defaultMigrations;
  return compose(
    {
      engine: 'sqlite',
      migrate: async () => sql.migrate(list),
      appliedMigrations: async () => sql.applied(),
      health: () =>
        sql.exclusive(async (): Promise<StoreHealth> => {
          const { integrity, fts5, version } = sql.check();
          const counts = sql
            .stmt(
              `SELECT (SELECT count(*) FROM ci_types) AS ci_types, (SELECT count(*) FROM configuration_items) AS configuration_items,
                      (SELECT count(*) FROM configuration_items WHERE status <> 'retired') AS active_items, (SELECT count(*) FROM relationships) AS relationships`,
            )
            .get() as StoreHealth['counts'];
          return { engine: 'sqlite', version, identity: sql.path, schema_version: schemaVersionOf(sql.applied()), full_text: fts5, integrity, counts };
        }),
      close: async () => sql.close(),
      transaction: (fn) => sql.transaction(() => fn(queries)),
    },
    queries,
    (fn) => sql.exclusive(fn),
  );
}

/** The CMDB on PostgreSQL: plain calls on the pool; transactions on one client. */
export function createPostgresStore(options: {
  connectionString: string;
  statementTimeoutMs?: number;
  max?: number;
  migrations?: readonly Migration[];
}): CmdbStore {
  const pg = new PgDb({ applicationName: 'mcp-cmdb', ...options }, MIGRATION_LOCK_CLASS);
  const queries = new PgQueries(pg.pool);
  const list = options.migrations ?? defaultMigrations;
  return compose(
    {
      engine: 'postgres',
      migrate: () => pg.migrate(list),
      appliedMigrations: () => pg.applied(),
      health: async (): Promise<StoreHealth> => {
        const [info] = await pg.query<{ version: string; who: string }>("SELECT version() AS version, current_user || '@' || current_database() AS who");
        const [counts] = await pg.query<StoreHealth['counts']>(
          `SELECT (SELECT count(*) FROM ci_types)::int AS ci_types, (SELECT count(*) FROM configuration_items)::int AS configuration_items,
                  (SELECT count(*) FROM configuration_items WHERE status <> 'retired')::int AS active_items, (SELECT count(*) FROM relationships)::int AS relationships`,
        );
        return {
          engine: 'postgres',
          version: info!.version,
          identity: info!.who,
          schema_version: schemaVersionOf(await pg.applied()),
          full_text: true,
          integrity: 'ok',
          counts: counts!,
        };
      },
      close: () => pg.close(),
      transaction: (fn) => pg.tx((client) => fn(new PgQueries(client))),
    },
    queries,
    (fn) => fn(),
  );
}
