import { PostgresStore } from './postgres-store.js';
import { DEFAULT_SQLITE_PATH, SqliteStore } from './sqlite-store.js';
import type { MigratableStore } from './migrations.js';

export interface CreateStoreOptions {
  /** DATABASE_URL: postgres:// or postgresql:// selects PostgreSQL. Empty or absent: SQLite. */
  databaseUrl?: string | undefined;
  /** SQLite file (default ./data/gateway.sqlite) or ':memory:'. Ignored with databaseUrl. */
  sqlitePath?: string | undefined;
  /** GATEWAY_SQLITE_SYNCHRONOUS (see SqliteStoreOptions.synchronous). */
  sqliteSynchronous?: 'full' | 'normal' | undefined;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Opens the store the configuration asks for. Does not migrate: the caller
 * runs `migrate()` once at start-up, before serving.
 */
export function createStore(options: CreateStoreOptions = {}): MigratableStore {
  const url = options.databaseUrl?.trim();
  if (url) {
    // Refuse rather than fall back to SQLite: an operator who set DATABASE_URL
    // believes replicas share state, and silently they would not.
    if (!POSTGRES_URL.test(url)) {
      throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got "${redact(url)}"); unset it to use SQLite`);
    }
    return new PostgresStore({ connectionString: url });
  }
  return new SqliteStore({ path: options.sqlitePath ?? DEFAULT_SQLITE_PATH, ...(options.sqliteSynchronous && { synchronous: options.sqliteSynchronous }) });
}

/** Keeps a password out of error messages and logs. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
