import { InvalidInputError, ToolError } from '@mcp/runtime';
import { type DbDescription, mapDbError as mapSqlError } from '@mcp/sql';

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

/**
 * A database failure as a typed tool error (see @mcp/sql), reading ai-memory's
 * own constraint first: a dangling source_message_id.
 */
export function mapDbError(error: unknown, db: DbDescription): unknown {
  return mapSqlError(error, db, (code) =>
    code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
      ? new InvalidInputError('source_message_id does not name an existing message.', {
          hint: 'Pass the id of a message returned by conversation_append or conversation_get, or omit it.',
        })
      : undefined,
  );
}
