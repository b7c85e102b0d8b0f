import { isToolError, TimeoutError, ToolError, UnauthorizedError, UpstreamUnavailableError } from '@mcp/runtime';
import type { Engine } from './migrate.js';

/** Where the database is configured, for messages an operator (or a model) can act on. */
export interface DbDescription {
  engine: Engine;
  /** The variable holding the location, e.g. <SERVICE>_DB_PATH, <SERVICE>_DATABASE_URL or DATABASE_URL. */
  variable: string;
  /** The file, or host:port/database (never the password). */
  where: string;
  /** The variable bounding statements. */
  timeoutVariable: string;
}

/**
 * A service's own reading of a failure (constraint violations of its schema),
 * tried before the generic mapping: a typed error, or undefined to go on.
 */
export type ServiceErrorMapper = (code: string, error: unknown) => ToolError | undefined;

const PG_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * Turns a database failure into a typed tool error: unreachable or locked
 * databases are "upstream unavailable" (retry later, check the variable),
 * rejected credentials name the variable, a statement timeout names its
 * setting. `service` maps the service's own constraint failures first.
 * Anything else (a bug) is rethrown and reported as internal.
 */
export function mapDbError(error: unknown, db: DbDescription, service?: ServiceErrorMapper): unknown {
  if (isToolError(error)) return error;
  const e = error as { code?: string; message?: string };
  const code = e.code ?? '';
  const message = e.message ?? String(error);
  const own = service?.(code, error);
  if (own) return own;
  if (db.engine === 'postgres') {
    if (
      PG_CONNECTION_CODES.has(code) ||
      code.startsWith('08') ||
      ['57P01', '57P02', '57P03', '53300', '3D000'].includes(code) ||
      /timeout exceeded when trying to connect|Connection terminated/i.test(message)
    ) {
      return new UpstreamUnavailableError(`The PostgreSQL database at ${db.where} is unreachable (${code || message}).`, {
        retryAfterSeconds: 5,
        hint: `Check that the server is up and that ${db.variable} points at it.`,
        cause: error,
      });
    }
    if (code === '28P01' || code === '28000') {
      return new UnauthorizedError(`PostgreSQL at ${db.where} rejected the credentials in ${db.variable}.`, {
        hint: `Fix the user or password in ${db.variable}; the role needs CREATE on its schema (for migrations) and read/write on the tables.`,
      });
    }
    if (code === '57014') {
      return new TimeoutError(`The database statement exceeded ${db.timeoutVariable}.`, { hint: 'Narrow the request (smaller limit) or raise the setting.' });
    }
    if (code === '40001' || code === '40P01' || code === '55P03') {
      return new UpstreamUnavailableError('The database aborted the statement because of concurrent writes.', {
        retryAfterSeconds: 1,
        hint: 'Retry the call.',
      });
    }
    if (code === '42501') {
      return new ToolError('forbidden', `The PostgreSQL role of ${db.variable} lacks a privilege: ${message}`);
    }
    return error;
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new UpstreamUnavailableError(`The SQLite database ${db.where} is locked by another writer.`, { retryAfterSeconds: 1, hint: 'Retry the call.' });
  }
  if (/^SQLITE_(CANTOPEN|READONLY|FULL|IOERR|CORRUPT|NOTADB|PERM)/.test(code) || /unable to open database|directory does not exist/i.test(message)) {
    return new UpstreamUnavailableError(`The SQLite database ${db.where} cannot be used (${code || message}).`, {
      hint: `Check that ${db.variable} names a writable file on a disk with free space.`,
      cause: error,
    });
  }
  return error;
}
