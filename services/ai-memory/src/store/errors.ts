import { InvalidInputError, isToolError, TimeoutError, ToolError, UnauthorizedError, UpstreamUnavailableError } from '@mcp/runtime';

/** The UNIQUE(namespace, content_hash) clash of an update, naming the memory that already holds that content. */
export function duplicateContent(clash: { id: string; deleted_at: unknown } | undefined): ToolError {
  const which = clash ? `memory ${clash.id}${clash.deleted_at ? ' (soft-deleted)' : ''}` : 'another memory';
  return new ToolError('conflict', `The new content duplicates ${which} in the same namespace.`, {
    hint: clash?.deleted_at
      ? 'Restore that memory with memory_restore (or purge it with memory_purge) instead of duplicating it.'
      : 'Update or delete that memory instead; memory_store with this content would merge into it.',
    details: clash ? { existing_id: clash.id } : undefined,
  });
}

export function assertSameNamespace(existing: { id: string; namespace: string }, namespace: string): void {
  if (existing.namespace !== namespace) {
    throw new InvalidInputError(`Conversation ${existing.id} belongs to namespace "${existing.namespace}", not "${namespace}".`, {
      hint: `Pass namespace "${existing.namespace}", or omit conversation_id to start a new conversation.`,
    });
  }
}

/** Where the database is configured, for messages an operator (or a model) can act on. */
export interface DbDescription {
  engine: 'sqlite' | 'postgres';
  /** The variable holding the location: AI_MEMORY_DB_PATH, AI_MEMORY_DATABASE_URL or DATABASE_URL. */
  variable: string;
  /** The file, or host:port/database (never the password). */
  where: string;
  /** The variable bounding statements. */
  timeoutVariable: string;
}

const PG_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * Turns a database failure into a typed tool error: unreachable or locked
 * databases are "upstream unavailable" (retry later, check the variable),
 * rejected credentials name the variable, a statement timeout names its
 * setting. Anything else (a bug) is rethrown and reported as internal.
 */
export function mapDbError(error: unknown, db: DbDescription): unknown {
  if (isToolError(error)) return error;
  const e = error as { code?: string; message?: string };
  const code = e.code ?? '';
  const message = e.message ?? String(error);
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new InvalidInputError('source_message_id does not name an existing message.', {
      hint: 'Pass the id of a message returned by conversation_append or conversation_get, or omit it.',
    });
  }
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
