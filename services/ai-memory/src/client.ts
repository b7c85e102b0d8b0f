import { type HealthCheckOptions, isToolError, type RuntimeKit, SettingsError, UpstreamUnavailableError } from '@mcp/runtime';
import type { AiMemoryEnv } from './env.js';
import { describeDatabase, openStore } from './store/create-store.js';
import { type DbDescription, mapDbError } from './store/errors.js';
import type { MemoryStore } from './store/types.js';

/**
 * ai-memory has no upstream API: its "client" is the data layer. One store
 * (SQLite or PostgreSQL), migrated before its first use, whose failures reach
 * tools as typed errors naming the variable to fix.
 */
export interface AiMemoryClient {
  store: MemoryStore;
  db: DbDescription;
  defaultNamespace: string;
  maxContentChars: number;
  /** The one clock of the service (expiry, timestamps). */
  now(): Date;
}

export function createAiMemoryClient(kit: RuntimeKit<AiMemoryEnv>): AiMemoryClient {
  const { env } = kit;
  const { url: _url, ...db } = describeDatabase(env);
  let raw: MemoryStore;
  try {
    raw = openStore(env);
  } catch (error) {
    // An unusable SQLite path is a configuration error: one line, naming the variable.
    throw new SettingsError(`Invalid configuration: ${db.variable} cannot be opened (${(error as Error).message})`);
  }
  kit.onShutdown(() => raw.close());
  const store = guardStore(raw, db);
  // Migrate at start-up; failures (PostgreSQL down) are retried on first use and shown on /health.
  store.migrate().then(
    () => kit.logger.info({ engine: db.engine, database: db.where }, 'database ready'),
    (error: unknown) => kit.logger.error({ err: error, engine: db.engine, database: db.where }, 'database not ready; retrying on first use'),
  );
  return { store, db, defaultNamespace: env.AI_MEMORY_DEFAULT_NAMESPACE, maxContentChars: env.AI_MEMORY_MAX_CONTENT_CHARS, now: () => new Date() };
}

/**
 * The store behind a guard: every call waits for the migrations (run once;
 * retried after a failure), and database errors become typed tool errors.
 */
export function guardStore(store: MemoryStore, db: DbDescription): MemoryStore {
  let migrated: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    migrated ??= store.migrate().catch((error: unknown) => {
      migrated = undefined;
      const mapped = mapDbError(error, db);
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
          throw mapDbError(error, db);
        }
      };
    },
  });
}

/** The /health component: the database answers, is intact and has full-text search. Critical: without it nothing works. */
export function databaseProbe(client: AiMemoryClient): HealthCheckOptions {
  return {
    critical: true,
    cacheMs: 15_000,
    timeoutMs: 5_000,
    check: async () => {
      let h: Awaited<ReturnType<MemoryStore['health']>>;
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
