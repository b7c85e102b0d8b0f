export { StoreConflictError, StoreNotFoundError } from './store.js';
export type { ConfigWriter, MigrationRun, Store, StoredConfig } from './store.js';
export {
  MigrationChecksumError,
  checksumOf,
  migrations,
  pendingMigrations,
  sqlFor,
  validateMigrations,
} from './migrations.js';
export type { AppliedMigration, Engine, MigratableStore, Migration } from './migrations.js';
export { DEFAULT_SQLITE_PATH, SqliteStore } from './sqlite-store.js';
export type { SqliteStoreOptions } from './sqlite-store.js';
export { PostgresStore } from './postgres-store.js';
export type { PostgresStoreOptions } from './postgres-store.js';
export { createStore } from './create-store.js';
export type { CreateStoreOptions } from './create-store.js';
