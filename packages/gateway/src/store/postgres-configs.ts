import type pg from 'pg';
import type { BackendConfig } from '../config/schema.js';
import { type ConfigWriter, type MigrationRun, StoreConflictError, StoreNotFoundError, type StoredConfig } from './store.js';

interface ConfigRow {
  name: string;
  config: BackendConfig;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The pool (autocommit) or one checked-out client (inside a transaction). */
export type Queryable = pg.Pool | pg.PoolClient;

const COLUMNS = 'name, config, version, created_at, updated_at';

/**
 * The `mcp_configs` operations of the PostgreSQL store over any queryable, so
 * the same SQL serves plain calls (pool) and transactions (one client).
 */
export class PostgresConfigs implements ConfigWriter {
  constructor(private readonly db: Queryable) {}

  async listConfigs(): Promise<StoredConfig[]> {
    // COLLATE "C": byte order, as SQLite's default, whatever the database's locale.
    const { rows } = await this.db.query<ConfigRow>(`SELECT ${COLUMNS} FROM mcp_configs ORDER BY name COLLATE "C"`);
    return rows.map(toStoredConfig);
  }

  async getConfig(name: string): Promise<StoredConfig | undefined> {
    const { rows } = await this.db.query<ConfigRow>(`SELECT ${COLUMNS} FROM mcp_configs WHERE name = $1`, [name]);
    return rows[0] && toStoredConfig(rows[0]);
  }

  async createConfig(name: string, config: BackendConfig): Promise<StoredConfig> {
    // JSON.stringify by hand: pg would turn a JS array into a PostgreSQL array.
    const { rows } = await this.db.query<ConfigRow>(
      `INSERT INTO mcp_configs (name, config, version) VALUES ($1, $2::json, 1)
       ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
      [name, JSON.stringify(config)],
    );
    if (!rows[0]) throw new StoreConflictError(`config "${name}" already exists`);
    return toStoredConfig(rows[0]);
  }

  async updateConfig(name: string, config: BackendConfig, expectedVersion?: number): Promise<StoredConfig> {
    // The version check is part of the UPDATE: row lock + re-check makes it atomic.
    const { rows } = await this.db.query<ConfigRow>(
      `UPDATE mcp_configs SET config = $2::json, version = version + 1, updated_at = now()
       WHERE name = $1 AND ($3::integer IS NULL OR version = $3::integer) RETURNING ${COLUMNS}`,
      [name, JSON.stringify(config), expectedVersion ?? null],
    );
    if (rows[0]) return toStoredConfig(rows[0]);
    const current = await this.db.query<{ version: number }>('SELECT version FROM mcp_configs WHERE name = $1', [name]);
    if (!current.rows[0]) throw new StoreNotFoundError(`config "${name}" does not exist`);
    throw new StoreConflictError(`config "${name}" is at version ${current.rows[0].version}, not ${expectedVersion}; reload and retry`);
  }

  async deleteConfig(name: string): Promise<boolean> {
    const result = await this.db.query('DELETE FROM mcp_configs WHERE name = $1', [name]);
    return (result.rowCount ?? 0) > 0;
  }

  async putConfig(record: StoredConfig): Promise<void> {
    await this.db.query(
      `INSERT INTO mcp_configs (${COLUMNS}) VALUES ($1, $2::json, $3, $4::timestamptz, $5::timestamptz)
       ON CONFLICT (name) DO UPDATE SET config = excluded.config, version = excluded.version, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      [record.name, JSON.stringify(record.config), record.version, record.createdAt, record.updatedAt],
    );
  }

  async clearConfigs(): Promise<number> {
    const result = await this.db.query('DELETE FROM mcp_configs');
    return result.rowCount ?? 0;
  }
}

const RUN_COLUMNS = 'id, command, mode, started_at, finished_at, outcome, sources, backup_path, summary, error';

export async function recordMigrationRun(db: Queryable, run: MigrationRun): Promise<void> {
  await db.query(
    `INSERT INTO migration_runs (${RUN_COLUMNS}) VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6, $7::json, $8, $9::json, $10)
     ON CONFLICT (id) DO UPDATE SET finished_at = excluded.finished_at, outcome = excluded.outcome, sources = excluded.sources,
       backup_path = excluded.backup_path, summary = excluded.summary, error = excluded.error`,
    [
      run.id,
      run.command,
      run.mode,
      run.startedAt,
      run.finishedAt,
      run.outcome,
      JSON.stringify(run.sources),
      run.backupPath,
      JSON.stringify(run.summary),
      run.error,
    ],
  );
}

export async function listMigrationRuns(db: Queryable, limit = 100): Promise<MigrationRun[]> {
  const { rows } = await db.query<{
    id: string;
    command: MigrationRun['command'];
    mode: string;
    started_at: Date;
    finished_at: Date | null;
    outcome: MigrationRun['outcome'];
    sources: string[];
    backup_path: string | null;
    summary: Record<string, unknown>;
    error: string | null;
  }>(`SELECT ${RUN_COLUMNS} FROM migration_runs ORDER BY started_at DESC, id DESC LIMIT $1`, [limit]);
  return rows.map((r) => ({
    id: r.id,
    command: r.command,
    mode: r.mode,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    outcome: r.outcome,
    sources: r.sources,
    backupPath: r.backup_path,
    summary: r.summary,
    error: r.error,
  }));
}

function toStoredConfig(row: ConfigRow): StoredConfig {
  return {
    name: row.name,
    config: row.config,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
