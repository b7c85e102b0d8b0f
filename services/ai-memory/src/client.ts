import type { RuntimeKit } from '@mcp/runtime';
import { type DbDescription, guardStore as sqlGuardStore, openGuardedStore } from '@mcp/sql';
import type { AiMemoryEnv } from './env.js';
import { describeDatabase, openStore } from './store/create-store.js';
import { mapDbError } from './store/errors.js';
import type { MemoryStore } from './store/types.js';

/**
 * ai-memory has no upstream API: its "client" is the data layer. One store
 * (SQLite or PostgreSQL), migrated before its first use, whose failures reach
 * tools as typed errors naming the variable to fix.
 */
export interface AiMemoryClient {
  store: MemoryStore;
  db: DbDescription;
  defaultNamespace: string;
  maxContentChars: number;
  /** The one clock of the service (expiry, timestamps). */
  now(): Date;
}

export function createAiMemoryClient(kit: RuntimeKit<AiMemoryEnv>): AiMemoryClient {
  const { env } = kit;
  const { url: _url, ...db } = describeDatabase(env);
  const store = openGuardedStore(kit, db, () => openStore(env), mapDbError);
  return { store, db, defaultNamespace: env.AI_MEMORY_DEFAULT_NAMESPACE, maxContentChars: env.AI_MEMORY_MAX_CONTENT_CHARS, now: () => new Date() };
}

/**
 * The store behind a guard: every call waits for the migrations (run once;
 * retried after a failure), and database errors become typed tool errors.
 */
export function guardStore(store: MemoryStore, db: DbDescription): MemoryStore {
  return sqlGuardStore(store, db, mapDbError);
}
