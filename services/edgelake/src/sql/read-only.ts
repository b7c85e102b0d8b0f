import { InvalidInputError } from '@mcp/runtime';
import { SqlLexError, type Token, tokenize } from './lexer.js';

/**
 * The read-only gate of the query tool. It decides on tokens (src/sql/lexer.ts),
 * never on raw text, and returns the statement as it will travel: one line,
 * comments and the trailing `;` removed, so nothing hidden rides along in the
 * `command` header.
 *
 * 1. exactly one statement (a trailing `;` is dropped);
 * 2. it starts with SELECT — EdgeLake's `sql` command runs only queries across
 *    the network, and this tool runs nothing else;
 * 3. nowhere in it: a data- or schema-changing keyword (INSERT, UPDATE,
 *    DELETE, CREATE, DROP, ALTER, INTO, SET, PRAGMA, ATTACH…), or a function
 *    with side effects in the operators' PostgreSQL or SQLite (nextval,
 *    set_config, pg_sleep, pg_read_file, lo_import, dblink, load_extension,
 *    query_to_xml, writefile…).
 */
const WRITE_KEYWORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'CREATE',
  'ALTER',
  'DROP',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'COPY',
  'CALL',
  'EXEC',
  'EXECUTE',
  'DO',
  'SET',
  'RESET',
  'INTO',
  'ATTACH',
  'DETACH',
  'PRAGMA',
  'VACUUM',
  'REINDEX',
  'ANALYZE',
  'LOCK',
  'LISTEN',
  'NOTIFY',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
]);

/** Functions of PostgreSQL and SQLite that change state, read files, sleep or run SQL given as text. */
const SIDE_EFFECT_FUNCTIONS = new Set([
  'NEXTVAL',
  'SETVAL',
  'SET_CONFIG',
  'PG_SLEEP',
  'PG_SLEEP_FOR',
  'PG_SLEEP_UNTIL',
  'PG_TERMINATE_BACKEND',
  'PG_CANCEL_BACKEND',
  'PG_RELOAD_CONF',
  'PG_ROTATE_LOGFILE',
  'PG_READ_FILE',
  'PG_READ_BINARY_FILE',
  'PG_LS_DIR',
  'PG_STAT_FILE',
  'PG_ADVISORY_LOCK',
  'PG_ADVISORY_XACT_LOCK',
  'PG_SWITCH_WAL',
  'PG_CREATE_RESTORE_POINT',
  'PG_LOGICAL_EMIT_MESSAGE',
  'LO_IMPORT',
  'LO_EXPORT',
  'LO_UNLINK',
  'LO_CREATE',
  'DBLINK',
  'DBLINK_EXEC',
  'QUERY_TO_XML',
  'QUERY_TO_XML_AND_XMLSCHEMA',
  'CURSOR_TO_XML',
  'LOAD_EXTENSION',
  'WRITEFILE',
  'READFILE',
  'EDIT',
  'FTS3_TOKENIZER',
]);

function refuse(message: string, hint?: string): never {
  throw new InvalidInputError(`The query tool only runs one read-only SELECT: ${message}`, {
    hint:
      hint ??
      'Rewrite it as a single SELECT. EdgeLake SQL supports projections with min/max/avg/sum/count, WHERE (with period()), GROUP BY, ORDER BY, LIMIT and increments().',
  });
}

export interface ValidatedQuery {
  /** The statement as it will be sent: one line, no comments, no trailing `;`. */
  sql: string;
  /** Whether a LIMIT appears at the top level (not inside parentheses). */
  hasLimit: boolean;
}

/** Rebuilds the statement from its tokens: comments dropped, whitespace collapsed to one space where there was any. */
function rebuild(tokens: Token[]): string {
  let out = '';
  tokens.forEach((t, index) => {
    const previous = tokens[index - 1];
    if (previous && t.start > previous.end) out += ' ';
    out += t.text;
  });
  return out;
}

export function validateReadQuery(sql: string): ValidatedQuery {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (error) {
    if (error instanceof SqlLexError)
      refuse(`the SQL could not be read: ${error.message} (character ${error.position + 1}).`, 'Fix the quoting and call again.');
    throw error;
  }
  const end = tokens.findIndex((t) => t.kind === 'symbol' && t.text === ';');
  if (end !== -1 && tokens.slice(end).some((t) => !(t.kind === 'symbol' && t.text === ';')))
    refuse('it holds more than one statement.', 'Send one SELECT per call.');
  const statement = end === -1 ? tokens : tokens.slice(0, end);
  if (statement.length === 0) refuse('the SQL is empty.', 'Pass a SELECT statement.');
  const head = statement[0] as Token;
  if (!(head.kind === 'word' && head.upper === 'SELECT')) refuse(`${head.text.toUpperCase()} is not a SELECT.`);

  let depth = 0;
  let hasLimit = false;
  statement.forEach((t, index) => {
    if (t.kind === 'symbol' && t.text === '(') depth += 1;
    if (t.kind === 'symbol' && t.text === ')') depth -= 1;
    if (depth < 0) refuse('unbalanced parentheses.');
    if (t.kind !== 'word') return;
    if (WRITE_KEYWORDS.has(t.upper))
      refuse(`it contains the keyword ${t.upper}.`, `A SELECT has no ${t.upper}; a column with that name cannot be queried through this tool.`);
    const next = statement[index + 1];
    if (SIDE_EFFECT_FUNCTIONS.has(t.upper) && next?.kind === 'symbol' && next.text === '(')
      refuse(`${t.upper.toLowerCase()}() has side effects on the operators' databases.`);
    if (t.upper === 'LIMIT' && depth === 0) hasLimit = true;
  });
  if (depth !== 0) refuse('unbalanced parentheses.');
  return { sql: rebuild(statement), hasLimit };
}
