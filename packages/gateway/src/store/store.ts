import type { BackendConfig } from '../config/schema.js';

/** A registry record kept in the store (`mcp_configs`). */
export interface StoredConfig {
  name: string;
  config: BackendConfig;
  /** Monotonic per record; bumped by every update (optimistic concurrency). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * The gateway's persistent state, one interface over two engines: SQLite (the
 * embedded default, a file under ./data) and PostgreSQL (DATABASE_URL). Same
 * migrations, same tests on both. Later issues add tables (audit log,
 * approvals, workflow runs, migration runs) behind the same interface.
 */
export interface Store extends ConfigWriter {
  readonly engine: 'sqlite' | 'postgres';
  /** Applies pending migrations; idempotent, safe to run concurrently from several replicas. */
  migrate(): Promise<void>;
  listConfigs(): Promise<StoredConfig[]>;
  getConfig(name: string): Promise<StoredConfig | undefined>;
  /** Inserts; fails with StoreConflictError when the name exists. */
  createConfig(name: string, config: BackendConfig): Promise<StoredConfig>;
  /** Updates; with `expectedVersion`, fails with StoreConflictError if another writer got there first. Fails with StoreNotFoundError if absent. */
  updateConfig(name: string, config: BackendConfig, expectedVersion?: number): Promise<StoredConfig>;
  /** Returns false when there was nothing to delete. */
  deleteConfig(name: string): Promise<boolean>;
  /**
   * Runs `fn` in ONE transaction over `mcp_configs`: every write made through
   * `tx` commits together, or none does (fn throws → rollback, rethrown).
   * Transactions on one store instance are serialised.
   */
  transaction<T>(fn: (tx: ConfigWriter) => Promise<T>): Promise<T>;
  /** Inserts or updates (by id) a row of `migration_runs` (issue 6). */
  recordMigrationRun(run: MigrationRun): Promise<void>;
  /** Most recent first. */
  listMigrationRuns(limit?: number): Promise<MigrationRun[]>;
  /** Cheap liveness query for /health. */
  ping(): Promise<{ latencyMs: number; version: string }>;
  close(): Promise<void>;
}

/** The config operations, on the store itself or inside one of its transactions. */
export interface ConfigWriter {
  listConfigs(): Promise<StoredConfig[]>;
  getConfig(name: string): Promise<StoredConfig | undefined>;
  createConfig(name: string, config: BackendConfig): Promise<StoredConfig>;
  updateConfig(name: string, config: BackendConfig, expectedVersion?: number): Promise<StoredConfig>;
  deleteConfig(name: string): Promise<boolean>;
  /** Writes a record exactly as given (version and timestamps too), replacing one of that name: restores from a backup. */
  putConfig(record: StoredConfig): Promise<void>;
  /** Deletes every record; returns how many there were. */
  clearConfigs(): Promise<number>;
}

/** One run of the config migration CLI (`migration_runs`). */
export interface MigrationRun {
  id: string;
  command: 'import' | 'rollback';
  mode: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'invalid';
  sources: string[];
  backupPath: string | null;
  summary: Record<string, unknown>;
  error: string | null;
}

export class StoreConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}

export class StoreNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreNotFoundError';
  }
}
