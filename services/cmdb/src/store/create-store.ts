import type { CmdbEnv } from '../env.js';
import { type DbDescription, safeLocation } from '@mcp/sql';
import { createPostgresStore, createSqliteStore } from './stores.js';
import type { CmdbStore } from './types.js';

/** Which database the settings select: CMDB_DATABASE_URL, else DATABASE_URL (PostgreSQL), else the SQLite file. */
export function describeDatabase(env: CmdbEnv): DbDescription & { url?: string } {
  const timeoutVariable = 'CMDB_TIMEOUT_MS';
  const url = env.CMDB_DATABASE_URL ?? env.DATABASE_URL;
  if (url)
    return { engine: 'postgres', variable: env.CMDB_DATABASE_URL ? 'CMDB_DATABASE_URL' : 'DATABASE_URL', where: safeLocation(url), url, timeoutVariable };
  return { engine: 'sqlite', variable: 'CMDB_DB_PATH', where: env.CMDB_DB_PATH, timeoutVariable };
}

/** Opens (does not migrate) the store the settings select. */
export function openStore(env: CmdbEnv): CmdbStore {
  const db = describeDatabase(env);
  if (db.url) return createPostgresStore({ connectionString: db.url, statementTimeoutMs: env.CMDB_TIMEOUT_MS, max: env.CMDB_DB_POOL_SIZE });
  return createSqliteStore({ path: env.CMDB_DB_PATH });
}
