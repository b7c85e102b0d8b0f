import { type HealthCheckOptions, isToolError, type RuntimeKit, SettingsError, UpstreamUnavailableError } from '@mcp/runtime';
import type { DbDescription } from './errors.js';

/** What the guard and the probe need of a service's store. */
export interface GuardableStore {
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** The fields of a store's health report the /health probe reads. */
export interface DbHealth {
  engine: string;
  version: string;
  schema_version: number;
  integrity: string;
  full_text: boolean;
  counts: unknown;
}

/** A service's database error mapping, bound to its own constraint failures. */
export type DbErrorMapper = (error: unknown, db: DbDescription) => unknown;

/**
 * The store behind a guard: every call waits for the migrations (run once;
 * retried after a failure), and database errors become typed tool errors.
 */
export function guardStore<S extends GuardableStore>(store: S, db: DbDescription, mapError: DbErrorMapper): S {
  let migrated: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    migrated ??= store.migrate().catch((error: unknown) => {
      migrated = undefined;
      const mapped = mapError(error, db);
      throw mapped instanceof Error && mapped !== error
        ? mapped
        : new UpstreamUnavailableError(`The ${db.engine} database (${db.where}) could not be migrated: ${(error as Error).message}`, {
            hint: `Check ${db.variable} and the service log.`,
            cause: error,
          });
    });
    return migrated;
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'migrate') return ready;
      if (typeof value !== 'function' || property === 'close') return value;
      return async (...args: unknown[]) => {
        await ready();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          throw mapError(error, db);
        }
      };
    },
  });
}

/**
 * Opens the store the settings select, closes it at shutdown, guards it and
 * starts migrating at start-up; failures (PostgreSQL down) are retried on
 * first use and shown on /health.
 */
export function openGuardedStore<S extends GuardableStore>(
  kit: Pick<RuntimeKit<unknown>, 'logger' | 'onShutdown'>,
  db: DbDescription,
  open: () => S,
  mapError: DbErrorMapper,
): S {
  let raw: S;
  try {
    raw = open();
  } catch (error) {
    // An unusable SQLite path is a configuration error: one line, naming the variable.
    throw new SettingsError(`Invalid configuration: ${db.variable} cannot be opened (${(error as Error).message})`);
  }
  kit.onShutdown(() => raw.close());
  const store = guardStore(raw, db, mapError);
  store.migrate().then(
    () => kit.logger.info({ engine: db.engine, database: db.where }, 'database ready'),
    (error: unknown) => kit.logger.error({ err: error, engine: db.engine, database: db.where }, 'database not ready; retrying on first use'),
  );
  return store;
}

/** The /health component: the database answers, is intact and has full-text search. Critical: without it nothing works. */
export function databaseProbe(client: { store: { health(): Promise<DbHealth> }; db: DbDescription }): HealthCheckOptions {
  return {
    critical: true,
    cacheMs: 15_000,
    timeoutMs: 5_000,
    check: async () => {
      let h: DbHealth;
      try {
        h = await client.store.health();
      } catch (error) {
        // The full text of a typed error names the variable to fix.
        return { status: 'unhealthy', message: isToolError(error) ? error.toText() : (error as Error).message, metadata: { engine: client.db.engine } };
      }
      const ok = h.integrity === 'ok' && h.full_text;
      return {
        status: ok ? 'healthy' : 'unhealthy',
        ...(!ok && { message: h.integrity === 'ok' ? 'full-text search is not available' : `integrity check: ${h.integrity}` }),
        metadata: { engine: h.engine, version: h.version, schema_version: h.schema_version, counts: h.counts },
      };
    },
  };
}

/** host:port/database of a PostgreSQL URL: never the password. */
export function safeLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}
