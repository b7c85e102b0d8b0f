import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { BackendConfig } from '../config/schema.js';
import type { ConfigWriter, MigrationRun, StoredConfig } from './store.js';
import { listMigrationRuns, PostgresConfigs, recordMigrationRun } from './postgres-configs.js';
import {
  type AppliedMigration,
  type MigratableStore,
  type Migration,
  migrations as defaultMigrations,
  checksumOf,
  pendingMigrations,
  schemaMigrationsDdl,
  sqlFor,
  validateMigrations,
} from './migrations.js';

export interface PostgresStoreOptions {
  /** postgres://… ; `?options=-c search_path=<schema>` selects a schema. */
  connectionString: string;
  /** Extra pool settings (size, timeouts, ssl). */
  pool?: Omit<pg.PoolConfig, 'connectionString'>;
  /** Replaces the migration list; for tests only. */
  migrations?: readonly Migration[];
}

/** First key of the two-int advisory lock; the second is the schema, so stores in different schemas do not wait for each other. */
const MIGRATION_LOCK_CLASS = 0x6d6370; // "mcp"

export class PostgresStore implements MigratableStore {
  readonly engine = 'postgres' as const;
  /** The pool, shared with the stores of other tables (audit, keys, approvals). */
  readonly pool: pg.Pool;
  private readonly migrationList: readonly Migration[];
  private readonly configs: PostgresConfigs;
  private closed = false;

  constructor(options: PostgresStoreOptions) {
    this.migrationList = options.migrations ?? defaultMigrations;
    validateMigrations(this.migrationList);
    // pg's default connection timeout is "wait forever": a dead database would
    // hang /health and every request instead of failing.
    this.pool = new pg.Pool({ connectionTimeoutMillis: 5000, ...options.pool, connectionString: options.connectionString });
    // An idle client losing its connection (database restart, network) emits
    // 'error' on the pool; unhandled, that would crash the process. The pool
    // already discards the client; the next query reconnects or fails clearly.
    this.pool.on('error', () => {});
    this.configs = new PostgresConfigs(this.pool);
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    let lockKey: number | undefined;
    let broken = false;
    try {
      // Computed once, so the unlock matches even if a migration moved the
      // search_path. coalesce: with no existing schema on the search_path,
      // current_schema() is NULL and pg_advisory_lock(int, NULL) takes no lock.
      const keyQuery = await client.query<{ key: number }>("SELECT hashtext(coalesce(current_schema(), '')) AS key");
      const key = keyQuery.rows[0]!.key;
      // Session-level advisory lock: several replicas starting at once queue
      // here, and each later one finds nothing pending. Held on this one
      // connection; released below, or by the server if the connection dies.
      await client.query('SELECT pg_advisory_lock($1, $2)', [MIGRATION_LOCK_CLASS, key]);
      lockKey = key;
      await client.query(schemaMigrationsDdl.postgres);
      const applied = await readApplied(client);
      for (const m of pendingMigrations(this.migrationList, applied, 'postgres')) {
        await client.query('BEGIN');
        try {
          await client.query(sqlFor(m, 'postgres'));
          await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, checksumOf(m, 'postgres')]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw error;
        }
      }
    } finally {
      if (lockKey !== undefined) {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [MIGRATION_LOCK_CLASS, lockKey]).catch(() => {
          broken = true;
        });
      }
      // A connection that may still hold the lock or an open transaction is
      // destroyed rather than returned to the pool (pg-pool itself drops
      // connections that died).
      client.release(broken);
    }
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    return readApplied(this.pool);
  }

  async listConfigs(): Promise<StoredConfig[]> {
    return this.configs.listConfigs();
  }

  async getConfig(name: string): Promise<StoredConfig | undefined> {
    return this.configs.getConfig(name);
  }

  async createConfig(name: string, config: BackendConfig): Promise<StoredConfig> {
    return this.configs.createConfig(name, config);
  }

  async updateConfig(name: string, config: BackendConfig, expectedVersion?: number): Promise<StoredConfig> {
    return this.configs.updateConfig(name, config, expectedVersion);
  }

  async deleteConfig(name: string): Promise<boolean> {
    return this.configs.deleteConfig(name);
  }

  async putConfig(record: StoredConfig): Promise<void> {
    return this.configs.putConfig(record);
  }

  async clearConfigs(): Promise<number> {
    return this.configs.clearConfigs();
  }

  /** BEGIN … COMMIT on one pooled connection; a connection whose ROLLBACK failed is destroyed, not reused. */
  async transaction<T>(fn: (tx: ConfigWriter) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        const result = await fn(new PostgresConfigs(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  async recordMigrationRun(run: MigrationRun): Promise<void> {
    await recordMigrationRun(this.pool, run);
  }

  async listMigrationRuns(limit?: number): Promise<MigrationRun[]> {
    return listMigrationRuns(this.pool, limit);
  }

  async ping(): Promise<{ latencyMs: number; version: string }> {
    const started = performance.now();
    const { rows } = await this.pool.query<{ version: string }>("SELECT current_setting('server_version') AS version");
    return { latencyMs: performance.now() - started, version: rows[0]?.version ?? 'unknown' };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

async function readApplied(queryable: pg.Pool | pg.PoolClient): Promise<AppliedMigration[]> {
  const { rows } = await queryable.query<{ version: number; name: string; applied_at: Date; checksum: string }>(
    'SELECT version, name, applied_at, checksum FROM schema_migrations ORDER BY version',
  );
  return rows.map((r) => ({ version: r.version, name: r.name, appliedAt: r.applied_at.toISOString(), checksum: r.checksum }));
}
