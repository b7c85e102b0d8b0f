export { type DbDescription, mapDbError, type ServiceErrorMapper } from './errors.js';
export {
  type AppliedMigration,
  checksumOf,
  type Engine,
  type Migration,
  MigrationChecksumError,
  pendingMigrations,
  schemaVersionDdl,
  schemaVersionOf,
  sqlFor,
  validateMigrations,
} from './migrate.js';
export { iso, Params, PgDb, type PgDbOptions } from './pg-db.js';
export { SqliteDb } from './sqlite-db.js';
export { type DbErrorMapper, type DbHealth, databaseProbe, type GuardableStore, guardStore, openGuardedStore, safeLocation } from './store.js';
export { type DatabaseHealthCheckOptions, defineDatabaseHealthCheck } from './health-check-tool.js';
