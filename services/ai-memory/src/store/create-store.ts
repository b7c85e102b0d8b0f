import type { AiMemoryEnv } from '../env.js';
import { type DbDescription, safeLocation } from '@mcp/sql';
import { PostgresMemoryStore } from './postgres-store.js';
import { SqliteMemoryStore } from './sqlite-store.js';
import type { MemoryStore } from './types.js';

/** Which database the settings select: AI_MEMORY_DATABASE_URL, else DATABASE_URL (PostgreSQL), else the SQLite file. */
export function describeDatabase(env: AiMemoryEnv): DbDescription & { url?: string } {
  const timeoutVariable = 'AI_MEMORY_TIMEOUT_MS';
  const url = env.AI_MEMORY_DATABASE_URL ?? env.DATABASE_URL;
  if (url) {
    return {
      engine: 'postgres',
      variable: env.AI_MEMORY_DATABASE_URL ? 'AI_MEMORY_DATABASE_URL' : 'DATABASE_URL',
      where: safeLocation(url),
      url,
      timeoutVariable,
    };
  }
  return { engine: 'sqlite', variable: 'AI_MEMORY_DB_PATH', where: env.AI_MEMORY_DB_PATH, timeoutVariable };
}

/** Opens (does not migrate) the store the settings select. */
export function openStore(env: AiMemoryEnv): MemoryStore {
  const db = describeDatabase(env);
  if (db.url) {
    return new PostgresMemoryStore({ connectionString: db.url, statementTimeoutMs: env.AI_MEMORY_TIMEOUT_MS, max: env.AI_MEMORY_DB_POOL_SIZE });
  }
  return new SqliteMemoryStore({ path: env.AI_MEMORY_DB_PATH });
}
