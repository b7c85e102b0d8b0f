import { PostgresStore } from '../store/postgres-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { PostgresWorkflowStore } from './postgres-workflow-store.js';
import { SqliteWorkflowStore } from './sqlite-workflow-store.js';
import type { WorkflowStore } from './workflow-store.js';

/** The workflow tables on the gateway's store, sharing its connection (as governance does). */
export function workflowStoreFor(store: Store): WorkflowStore {
  if (store instanceof SqliteStore) return new SqliteWorkflowStore(store.db);
  if (store instanceof PostgresStore) return new PostgresWorkflowStore(store.pool);
  throw new Error(`no workflow store for engine ${store.engine}`);
}
