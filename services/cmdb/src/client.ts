import type { RuntimeKit } from '@mcp/runtime';
import { type DbDescription, openGuardedStore } from '@mcp/sql';
import type { CmdbEnv } from './env.js';
import { describeDatabase, openStore } from './store/create-store.js';
import { mapDbError } from './store/errors.js';
import type { CmdbStore } from './store/types.js';

/**
 * The CMDB has no upstream API: its "client" is the data layer. One store
 * (SQLite or PostgreSQL), migrated before its first use, whose failures reach
 * tools as typed errors naming the variable to fix.
 */
export interface CmdbClient {
  store: CmdbStore;
  db: DbDescription;
  /** CMDB_MAX_IMPACT_DEPTH: the deepest traversal allowed. */
  maxDepth: number;
  /** The one clock of the service (timestamps). */
  now(): Date;
}

export function createCmdbClient(kit: RuntimeKit<CmdbEnv>): CmdbClient {
  const { env } = kit;
  const { url: _url, ...db } = describeDatabase(env);
  const store = openGuardedStore(kit, db, () => openStore(env), mapDbError);
  return { store, db, maxDepth: env.CMDB_MAX_IMPACT_DEPTH, now: () => new Date() };
}
