import { PostgresApprovalStore } from '../approvals/postgres-approval-store.js';
import { SqliteApprovalStore } from '../approvals/sqlite-approval-store.js';
import type { ApprovalStore } from '../approvals/types.js';
import { PostgresStore } from '../store/postgres-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { PostgresGovernanceStore } from './postgres-governance-store.js';
import { SqliteGovernanceStore } from './sqlite-governance-store.js';
import type { GovernanceStore } from './types.js';

/**
 * The governance tables on the gateway's store, sharing its connection (a
 * SQLite ':memory:' database exists only on that one connection). Kept out of
 * the registry store classes on purpose: separate small interfaces, and no
 * edits to files other issues are changing.
 */
export function governanceStoreFor(store: Store): GovernanceStore {
  if (store instanceof SqliteStore) return new SqliteGovernanceStore(store.db);
  if (store instanceof PostgresStore) return new PostgresGovernanceStore(store.pool);
  throw new Error(`no governance store for engine ${store.engine}`);
}

/** The approvals table on the gateway's store (same sharing as above). */
export function approvalStoreFor(store: Store): ApprovalStore {
  if (store instanceof SqliteStore) return new SqliteApprovalStore(store.db);
  if (store instanceof PostgresStore) return new PostgresApprovalStore(store.pool);
  throw new Error(`no approval store for engine ${store.engine}`);
}
