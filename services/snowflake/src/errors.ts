import { ForbiddenError, InvalidInputError, NotFoundError, TimeoutError, ToolError, UpstreamError } from '@mcp/runtime';
import { clip, type QueryStatus } from './models.js';

/**
 * A failed statement (HTTP 422, or 408 when Snowflake's own timeout cancelled
 * it) as an error a model can act on: Snowflake's code, SQLSTATE and message,
 * and what to change.
 */
export function statementError(status: QueryStatus, httpStatus: number): ToolError {
  const code = status.code ?? 'unknown';
  const sqlState = status.sqlState ?? 'unknown';
  const message = clip(status.message, 1_000) ?? 'no message';
  const details = { code, sqlState, ...(status.statementHandle && { statementHandle: status.statementHandle }), httpStatus };
  const head = `Snowflake ${httpStatus === 408 ? 'timed out' : 'rejected'} the statement (code ${code}, SQLSTATE ${sqlState}): ${message}`;

  if (httpStatus === 408) {
    return new TimeoutError(head, {
      details,
      hint: 'The statement ran past its timeout and Snowflake cancelled it. Raise timeout_s (or SNOWFLAKE_STATEMENT_TIMEOUT_S), add filters or a LIMIT, or use a larger warehouse.',
    });
  }
  if (code === '000604' || sqlState === '57014') {
    return new ToolError('cancelled', head, { details, hint: 'The statement was cancelled (by cancel_statement, a timeout or an administrator).' });
  }
  if (sqlState === '42501' || /insufficient privileges/i.test(message)) {
    return new ForbiddenError(head, {
      details,
      hint: 'The role lacks a privilege on the object. Use a role that has it (the role argument or SNOWFLAKE_ROLE).',
    });
  }
  if (code === '002003' || sqlState === '02000') {
    return new NotFoundError(head, {
      details,
      hint: 'Check the database, schema and object names (unquoted names are upper-cased) and that the role can see them; list_objects shows what exists.',
    });
  }
  if (sqlState.startsWith('42') || sqlState.startsWith('22') || sqlState.startsWith('0A')) {
    return new InvalidInputError(head, { details, hint: 'Fix the SQL (syntax, names, types) and call again; describe_table shows a table’s columns.' });
  }
  return new UpstreamError(head, { status: httpStatus, details });
}

/** A body that is not the JSON the API documents. */
export function malformed(what: string, cause?: unknown): UpstreamError {
  return new UpstreamError(`Snowflake returned a malformed ${what}: the body is not the JSON the SQL API documents.`, { status: 200, cause });
}
