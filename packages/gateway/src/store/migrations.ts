import { createHash } from 'node:crypto';
import type { Store } from './store.js';

export type Engine = Store['engine'];

/**
 * One schema change. `sql` when both engines accept the same text, otherwise
 * `sqlite` and `postgres`. Never edit a migration once released: databases
 * that applied it record its checksum and the store refuses to start if the
 * text changed. Append a new one instead (later issues add audit log,
 * approvals, workflow runs and migration runs here, in this one list).
 */
export interface Migration {
  version: number;
  name: string;
  sql?: string;
  sqlite?: string;
  postgres?: string;
}

/** A row of `schema_migrations`. */
export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: string;
  checksum: string;
}

/** A store whose migration history can be inspected (status pages, tests). */
export interface MigratableStore extends Store {
  appliedMigrations(): Promise<AppliedMigration[]>;
}

export class MigrationChecksumError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationChecksumError';
  }
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create_mcp_configs',
    // SQLite: TEXT + json_valid rather than a JSON column, because a column
    // declared JSON gets NUMERIC affinity there. PostgreSQL: JSON rather than
    // JSONB, because JSONB reorders keys and rejects \u0000; JSON keeps the
    // exact text on both engines, so per-record content hashes (issue 6)
    // agree whichever engine holds the registry.
    sqlite: `
      CREATE TABLE mcp_configs (
        name TEXT PRIMARY KEY,
        config TEXT NOT NULL CHECK (json_valid(config) AND json_type(config) = 'object'),
        version INTEGER NOT NULL CHECK (version >= 1),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
    postgres: `
      CREATE TABLE mcp_configs (
        name TEXT PRIMARY KEY,
        config JSON NOT NULL CHECK (json_typeof(config) = 'object'),
        version INTEGER NOT NULL CHECK (version >= 1),
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
  },
  {
    version: 2,
    name: 'create_migration_runs',
    // Issue 6: one row per run of the config migration CLI, written outside
    // the data transaction so that a rolled-back run is still on record.
    sqlite: `
      CREATE TABLE migration_runs (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        mode TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT NOT NULL,
        sources TEXT NOT NULL CHECK (json_valid(sources)),
        backup_path TEXT,
        summary TEXT NOT NULL CHECK (json_valid(summary)),
        error TEXT
      )`,
    postgres: `
      CREATE TABLE migration_runs (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        mode TEXT NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ,
        outcome TEXT NOT NULL,
        sources JSON NOT NULL,
        backup_path TEXT,
        summary JSON NOT NULL,
        error TEXT
      )`,
  },
  {
    version: 3,
    name: 'create_api_keys',
    // Issue 7: gateway identities. Only a sha256 of the key is kept (keys are
    // 32 random bytes, so a fast hash is enough; no salt needed to resist
    // guessing). scopes is JSON: { namespaces?, tools?, readOnly? }.
    sqlite: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        scopes TEXT NOT NULL CHECK (json_valid(scopes)),
        created_at TEXT NOT NULL,
        revoked_at TEXT
      )`,
    postgres: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        scopes JSON NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        revoked_at TIMESTAMPTZ
      )`,
  },
  {
    version: 4,
    name: 'create_audit_log',
    // Issue 7: append-only record of every tool call through the gateway.
    // The integer id orders rows and is the paging cursor.
    sqlite: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        identity TEXT NOT NULL,
        tool TEXT NOT NULL,
        arguments TEXT NOT NULL,
        outcome TEXT NOT NULL,
        error TEXT,
        latency_ms REAL NOT NULL,
        trace_id TEXT,
        request_id TEXT,
        approval TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_identity ON audit_log (identity, id);
      CREATE INDEX audit_log_tool ON audit_log (tool, id)`,
    postgres: `
      CREATE TABLE audit_log (
        id BIGSERIAL PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        identity TEXT NOT NULL,
        tool TEXT NOT NULL,
        arguments JSON NOT NULL,
        outcome TEXT NOT NULL,
        error TEXT,
        latency_ms DOUBLE PRECISION NOT NULL,
        trace_id TEXT,
        request_id TEXT,
        approval TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_identity ON audit_log (identity, id);
      CREATE INDEX audit_log_tool ON audit_log (tool, id)`,
  },
  {
    version: 5,
    name: 'create_approvals',
    // Issue 7: calls waiting for a person. The waiting replica polls its row,
    // so a decision taken on any replica reaches it.
    sqlite: `
      CREATE TABLE approvals (
        id TEXT PRIMARY KEY,
        tool TEXT NOT NULL,
        identity TEXT NOT NULL,
        arguments TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'timed_out')),
        requested_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        decided_at TEXT,
        decided_by TEXT,
        note TEXT
      );
      CREATE INDEX approvals_status ON approvals (status, requested_at)`,
    postgres: `
      CREATE TABLE approvals (
        id TEXT PRIMARY KEY,
        tool TEXT NOT NULL,
        identity TEXT NOT NULL,
        arguments JSON NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'timed_out')),
        requested_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        decided_at TIMESTAMPTZ,
        decided_by TEXT,
        note TEXT
      );
      CREATE INDEX approvals_status ON approvals (status, requested_at)`,
  },
  {
    version: 6,
    name: 'audit_log_kind',
    // Issue 6: the audit log also records admin actions (flag changes, canary
    // promote/rollback/weight) and automatic ones (canary auto-rollback), told
    // apart from tool calls by `kind` so the audit API can filter on it.
    sql: `
      ALTER TABLE audit_log ADD COLUMN kind TEXT NOT NULL DEFAULT 'tool_call';
      CREATE INDEX audit_log_kind ON audit_log (kind, id)`,
  },
  {
    version: 7,
    name: 'create_canary_overrides',
    // Issue 6: a canary's state changed at run time (rolled back, promoted,
    // weight set by hand), shared by replicas and kept across restarts.
    // target_hash names the canary config it applies to: a new canary config
    // makes the row stale, so a new canary version starts afresh.
    sqlite: `
      CREATE TABLE canary_overrides (
        backend TEXT PRIMARY KEY,
        target_hash TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'rolled_back', 'promoted')),
        weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
        reason TEXT,
        actor TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
    postgres: `
      CREATE TABLE canary_overrides (
        backend TEXT PRIMARY KEY,
        target_hash TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'rolled_back', 'promoted')),
        weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
        reason TEXT,
        actor TEXT NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      )`,
  },
  {
    version: 8,
    name: 'create_workflows',
    // Issue 7 (src/workflows): templates created through the admin API;
    // runs with the template as it was at start (an edit never changes a run
    // in flight), the identity that started it and its lease (owner +
    // lease_until in epoch ms, claimed and renewed by conditional UPDATEs, so
    // one replica drives a run); one checkpoint row per started step,
    // written in one transaction with the run's bump, by the lease holder only.
    sqlite: `
      CREATE TABLE workflow_templates (
        name TEXT PRIMARY KEY,
        template TEXT NOT NULL CHECK (json_valid(template)),
        version INTEGER NOT NULL CHECK (version >= 1),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE workflow_runs (
        id TEXT PRIMARY KEY,
        workflow TEXT NOT NULL,
        template TEXT NOT NULL CHECK (json_valid(template)),
        inputs TEXT NOT NULL CHECK (json_valid(inputs)),
        identity TEXT NOT NULL CHECK (json_valid(identity)),
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        owner TEXT,
        lease_until INTEGER,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX workflow_runs_status ON workflow_runs (status, created_at);
      CREATE TABLE workflow_steps (
        run_id TEXT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
        attempts INTEGER NOT NULL,
        result TEXT CHECK (result IS NULL OR json_valid(result)),
        error TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        PRIMARY KEY (run_id, step_id)
      )`,
    postgres: `
      CREATE TABLE workflow_templates (
        name TEXT PRIMARY KEY,
        template JSON NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE workflow_runs (
        id TEXT PRIMARY KEY,
        workflow TEXT NOT NULL,
        template JSON NOT NULL,
        inputs JSON NOT NULL,
        identity JSON NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        owner TEXT,
        lease_until BIGINT,
        error TEXT,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ
      );
      CREATE INDEX workflow_runs_status ON workflow_runs (status, created_at);
      CREATE TABLE workflow_steps (
        run_id TEXT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
        attempts INTEGER NOT NULL,
        result JSON,
        error TEXT,
        started_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ,
        PRIMARY KEY (run_id, step_id)
      )`,
  },
];

/** DDL of the bookkeeping table itself; created before anything else, outside the list. */
export const schemaMigrationsDdl: Record<Engine, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, checksum TEXT NOT NULL)`,
  postgres: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), checksum TEXT NOT NULL)`,
};

export function sqlFor(migration: Migration, engine: Engine): string {
  const sql = migration[engine] ?? migration.sql;
  if (!sql) throw new Error(`migration ${migration.version} (${migration.name}) has no SQL for ${engine}`);
  return sql;
}

/**
 * sha256 of the engine's SQL with whitespace runs collapsed, so re-indenting a
 * migration is not mistaken for changing it, while any change of substance is.
 */
export function checksumOf(migration: Migration, engine: Engine): string {
  const normalized = sqlFor(migration, engine).replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalized).digest('hex');
}

/** Catches mistakes in the list itself (duplicate or unordered versions, missing SQL) before touching a database. */
export function validateMigrations(list: readonly Migration[]): void {
  let previous = 0;
  for (const m of list) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new Error(`migrations must have strictly increasing positive integer versions; got ${m.version} after ${previous}`);
    }
    sqlFor(m, 'sqlite');
    sqlFor(m, 'postgres');
    previous = m.version;
  }
}

/**
 * Given what the database has applied, returns what remains to apply, in
 * order. Throws MigrationChecksumError when an applied migration's text
 * changed since. Applied versions this code does not know are tolerated: a
 * replica of the previous release may start while a newer one has already
 * migrated (rolling deploy), and migrations are written to be additive.
 */
export function pendingMigrations(list: readonly Migration[], applied: readonly AppliedMigration[], engine: Engine): Migration[] {
  const byVersion = new Map(applied.map((a) => [a.version, a]));
  const pending: Migration[] = [];
  for (const m of list) {
    const done = byVersion.get(m.version);
    if (!done) {
      pending.push(m);
      continue;
    }
    const expected = checksumOf(m, engine);
    if (done.checksum !== expected) {
      throw new MigrationChecksumError(
        `migration ${m.version} (${m.name}) was applied with checksum ${done.checksum.slice(0, 12)}… ` +
          `but the code now has ${expected.slice(0, 12)}…; released migrations must not be edited — add a new migration instead`,
      );
    }
  }
  return pending;
}
