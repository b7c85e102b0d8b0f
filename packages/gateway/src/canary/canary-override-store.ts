import { PostgresStore } from '../store/postgres-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { CanaryOverrideStore } from './canary-override.js';
import { PostgresCanaryOverrides } from './postgres-canary-overrides.js';
import { SqliteCanaryOverrides } from './sqlite-canary-overrides.js';

/** The canary_overrides table on the gateway's store, sharing its connection (as the governance tables do). */
export function canaryOverrideStoreFor(store: Store): CanaryOverrideStore {
  if (store instanceof SqliteStore) return new SqliteCanaryOverrides(store.db);
  if (store instanceof PostgresStore) return new PostgresCanaryOverrides(store.pool);
  throw new Error(`no canary override store for engine ${store.engine}`);
}
