import { ToolError } from '@mcp/runtime';
import { type DbDescription, mapDbError as mapSqlError } from '@mcp/sql';

/**
 * A database failure as a typed tool error (see @mcp/sql), reading the CMDB's
 * own constraints first: a concurrent writer got there first (same source +
 * external_id, or the same relationship).
 */
export function mapDbError(error: unknown, db: DbDescription): unknown {
  return mapSqlError(error, db, (code) =>
    code === '23505' || code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
      ? new ToolError('conflict', 'Another change to the same record was committed at the same moment.', { hint: 'Read the record again and retry.' })
      : undefined,
  );
}
