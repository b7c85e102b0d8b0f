import pg from 'pg';
import { type AppliedMigration, checksumOf, type Migration, pendingMigrations, schemaVersionDdl, sqlFor, validateMigrations } from './migrate.js';

export interface PgDbOptions {
  /** postgres://… ; `?options=-c search_path=<schema>` selects a schema. */
  connectionString: string;
  /** Server-side deadline per statement (statement_timeout), ms. */
  statementTimeoutMs?: number;
  /** Pool size. */
  max?: number;
  applicationName?: string;
}

/**
 * A pg pool with bounded waits, a transaction helper and the migration runner.
 * `lockClass` is the first key of the two-int advisory lock around migrations
 * (one per service); the second is the schema, so schemas do not wait for each other.
 */
export class PgDb {
  readonly pool: pg.Pool;

  constructor(
    options: PgDbOptions,
    private readonly lockClass: number,
  ) {
    // pg waits forever for a connection by default: a dead database would hang
    // every call and /health instead of failing.
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      application_name: options.applicationName,
    });
    // An idle client losing its connection emits 'error' on the pool; unhandled
    // it would crash the process. The pool drops that client; the next query reconnects.
    this.pool.on('error', () => {});
  }

  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  /** Runs fn in a transaction on one connection; rolls back on any error. */
  async tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Applies pending migrations under a session advisory lock, so replicas
   * starting together queue and each later one finds nothing to do. Each
   * migration and its schema_version row commit together.
   */
  async migrate(list: readonly Migration[]): Promise<void> {
    validateMigrations(list);
    const client = await this.pool.connect();
    let key: number | undefined;
    let broken = false;
    try {
      // coalesce: with no existing schema on the search_path current_schema() is NULL.
      const keyRow = await client.query<{ key: number }>("SELECT hashtext(coalesce(current_schema(), '')) AS key");
      await client.query('SELECT pg_advisory_lock($1, $2)', [this.lockClass, keyRow.rows[0]!.key]);
      key = keyRow.rows[0]!.key;
      await client.query(schemaVersionDdl.postgres);
      const applied = await readApplied(client);
      for (const m of pendingMigrations(list, applied, 'postgres')) {
        await client.query('BEGIN');
        try {
          await client.query(sqlFor(m, 'postgres'));
          await client.query('INSERT INTO schema_version (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, checksumOf(m, 'postgres')]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw error;
        }
      }
    } finally {
      if (key !== undefined) {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [this.lockClass, key]).catch(() => {
          broken = true;
        });
      }
      // A connection that may still hold the lock or a transaction is destroyed, not pooled.
      client.release(broken);
    }
  }

  async applied(): Promise<AppliedMigration[]> {
    const exists = await this.query<{ t: string | null }>("SELECT to_regclass('schema_version')::text AS t");
    if (!exists[0]?.t) return [];
    return readApplied(this.pool);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function readApplied(queryable: pg.Pool | pg.PoolClient): Promise<AppliedMigration[]> {
  const { rows } = await queryable.query<{ version: number; name: string; applied_at: Date; checksum: string }>(
    'SELECT version, name, applied_at, checksum FROM schema_version ORDER BY version',
  );
  return rows.map((r) => ({ version: r.version, name: r.name, applied_at: r.applied_at.toISOString(), checksum: r.checksum }));
}

/** timestamptz → ISO 8601 (null stays null). */
export function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** Collects positional parameters while a statement is built: `p.add(v)` returns `$n`. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
