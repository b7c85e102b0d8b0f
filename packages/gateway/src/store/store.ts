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
export interface Store {
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
  /** Cheap liveness query for /health. */
  ping(): Promise<{ latencyMs: number; version: string }>;
  close(): Promise<void>;
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
