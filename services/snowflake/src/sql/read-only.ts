import { InvalidInputError } from '@mcp/runtime';
import { SqlLexError, type Token, tokenize } from './lexer.js';

/**
 * The read-only gate of run_query (and of every statement the service builds
 * itself). It works on tokens, never on the raw text, so keywords inside
 * strings, quoted identifiers and comments neither trigger nor hide anything:
 *
 * 1. exactly one statement (trailing `;` allowed; the SQL API's
 *    MULTI_STATEMENT_COUNT stays at its default of 1 as a second guard);
 * 2. the statement is SELECT, WITH … SELECT, SHOW, DESC[RIBE] or
 *    EXPLAIN of a SELECT; a WITH's common table expressions must be
 *    parenthesised queries (not `AS PROCEDURE`), and the main statement after
 *    them must be a SELECT;
 * 3. nowhere in it: the `->>` flow operator (which chains further statements),
 *    a data- or schema-changing keyword (INSERT, UPDATE, DELETE, MERGE, CREATE,
 *    ALTER, DROP, TRUNCATE, GRANT, REVOKE, COPY, CALL, EXECUTE, SET, INTO…),
 *    a side-effecting SYSTEM$ function (only a list of read-only ones is
 *    allowed) or a sequence's NEXTVAL.
 *
 * A keyword used as a column name must then be double-quoted ("UPDATE"),
 * which Snowflake requires for its reserved words anyway.
 */
export type ReadStatementKind = 'SELECT' | 'SHOW' | 'DESCRIBE' | 'EXPLAIN';

const WRITE_KEYWORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'CREATE',
  'ALTER',
  'DROP',
  'UNDROP',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'COPY',
  'PUT',
  'REMOVE',
  'CALL',
  'EXECUTE',
  'SET',
  'UNSET',
  'INTO',
  'COMMIT',
  'ROLLBACK',
]);

/** SYSTEM$ functions that only read; every other SYSTEM$ function (cancel, abort, send email, set…) is refused. */
const READ_ONLY_SYSTEM_FUNCTIONS = new Set([
  'SYSTEM$ALLOWLIST',
  'SYSTEM$ALLOWLIST_PRIVATELINK',
  'SYSTEM$BEHAVIOR_CHANGE_BUNDLE_STATUS',
  'SYSTEM$CLUSTERING_DEPTH',
  'SYSTEM$CLUSTERING_INFORMATION',
  'SYSTEM$CLUSTERING_RATIO',
  'SYSTEM$CURRENT_USER_TASK_NAME',
  'SYSTEM$ESTIMATE_QUERY_ACCELERATION',
  'SYSTEM$ESTIMATE_SEARCH_OPTIMIZATION_COSTS',
  'SYSTEM$EXPLAIN_JSON_TO_TEXT',
  'SYSTEM$EXPLAIN_PLAN_JSON',
  'SYSTEM$GET_PREDECESSOR_RETURN_VALUE',
  'SYSTEM$GET_TAG',
  'SYSTEM$GET_TAG_ALLOWED_VALUES',
  'SYSTEM$GET_TAG_ON_CURRENT_COLUMN',
  'SYSTEM$GET_TAG_ON_CURRENT_TABLE',
  'SYSTEM$LAST_CHANGE_COMMIT_TIME',
  'SYSTEM$PIPE_STATUS',
  'SYSTEM$STREAM_GET_TABLE_TIMESTAMP',
  'SYSTEM$STREAM_HAS_DATA',
  'SYSTEM$TYPEOF',
  'SYSTEM$WHITELIST',
  'SYSTEM$WHITELIST_PRIVATELINK',
]);

const ALLOWED = 'SELECT, WITH … SELECT, SHOW, DESCRIBE and EXPLAIN';

function refuse(message: string, hint?: string): never {
  throw new InvalidInputError(`run_query only runs one read statement (${ALLOWED}): ${message}`, {
    hint: hint ?? 'Rewrite it as a single read statement. Changes go through execute_statement, which needs SNOWFLAKE_READ_ONLY=false and approval.',
  });
}

/** Index just past the `)` matching the `(` at `open`. */
function skipParens(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    const t = tokens[i] as Token;
    if (t.kind !== 'symbol') continue;
    if (t.text === '(') depth += 1;
    else if (t.text === ')') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return refuse('unbalanced parentheses.');
}

const isSymbol = (t: Token | undefined, s: string) => t?.kind === 'symbol' && t.text === s;
const isWord = (t: Token | undefined, w: string) => t?.kind === 'word' && t.upper === w;

function skipOpenParens(tokens: Token[], at: number): number {
  let i = at;
  while (isSymbol(tokens[i], '(')) i += 1;
  return i;
}

/** Checks `WITH [RECURSIVE] name [(cols)] AS ( … ) [, …]` and returns where the main statement starts. */
function afterCommonTableExpressions(tokens: Token[], at: number): number {
  let i = at;
  if (isWord(tokens[i], 'RECURSIVE')) i += 1;
  for (;;) {
    const name = tokens[i];
    if (name?.kind !== 'word' && name?.kind !== 'quoted') refuse('expected a common table expression name after WITH.');
    i += 1;
    if (isSymbol(tokens[i], '(')) i = skipParens(tokens, i);
    if (!isWord(tokens[i], 'AS')) refuse(`expected AS after the common table expression ${name.text}.`);
    i += 1;
    if (!isSymbol(tokens[i], '(')) refuse(`the common table expression ${name.text} must be a parenthesised query (anonymous procedures are not allowed).`);
    i = skipParens(tokens, i);
    if (!isSymbol(tokens[i], ',')) return i;
    i += 1;
  }
}

/** The kind of the read statement starting at `at`, refusing anything else. */
function statementKind(tokens: Token[], at: number, nested: boolean): ReadStatementKind {
  const i = skipOpenParens(tokens, at);
  const head = tokens[i];
  if (head?.kind !== 'word') return refuse('the statement does not start with a keyword.');
  switch (head.upper) {
    case 'SELECT':
      return 'SELECT';
    case 'WITH': {
      const main = skipOpenParens(tokens, afterCommonTableExpressions(tokens, i + 1));
      if (!isWord(tokens[main], 'SELECT')) refuse(`after WITH only a SELECT may follow, not ${tokens[main]?.text ?? 'nothing'}.`);
      return 'SELECT';
    }
    case 'SHOW':
    case 'DESC':
    case 'DESCRIBE':
      if (nested) refuse(`EXPLAIN only explains queries, not ${head.upper}.`);
      return head.upper === 'SHOW' ? 'SHOW' : 'DESCRIBE';
    case 'EXPLAIN': {
      if (nested) refuse('EXPLAIN cannot be nested.');
      let j = i + 1;
      if (isWord(tokens[j], 'USING')) j += 2;
      statementKind(tokens, j, true);
      return 'EXPLAIN';
    }
    default:
      return refuse(`${head.upper} is not a read statement.`);
  }
}

function scanForSideEffects(tokens: Token[]): void {
  tokens.forEach((t, index) => {
    if (t.kind === 'symbol' && t.text === '->>') refuse('the ->> flow operator chains further statements.');
    if (t.kind !== 'word') return;
    if (WRITE_KEYWORDS.has(t.upper)) {
      refuse(
        `it contains the keyword ${t.upper}.`,
        `If ${t.upper} is a column or table name, double-quote it ("${t.upper}"). Changes go through execute_statement, which needs SNOWFLAKE_READ_ONLY=false and approval.`,
      );
    }
    if (t.upper.startsWith('SYSTEM$') && isSymbol(tokens[index + 1], '(') && !READ_ONLY_SYSTEM_FUNCTIONS.has(t.upper)) {
      refuse(`${t.upper} may change state; only read-only SYSTEM$ functions are allowed.`);
    }
    if (t.upper === 'NEXTVAL') refuse('NEXTVAL advances a sequence.');
  });
}

/**
 * Throws an InvalidInputError a model can act on unless `sql` is exactly one
 * read statement; returns its kind.
 */
export function assertReadOnlySql(sql: string): ReadStatementKind {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (error) {
    if (error instanceof SqlLexError)
      refuse(`the SQL could not be read: ${error.message} at character ${error.position + 1}.`, 'Fix the quoting and call again.');
    throw error;
  }
  const end = tokens.findIndex((t) => isSymbol(t, ';'));
  if (end !== -1 && tokens.slice(end).some((t) => !isSymbol(t, ';'))) refuse('it holds more than one statement.', 'Send one statement per call.');
  const statement = end === -1 ? tokens : tokens.slice(0, end);
  if (statement.length === 0) refuse('the SQL is empty.', 'Pass a SELECT, SHOW, DESCRIBE or EXPLAIN statement.');
  const kind = statementKind(statement, 0, false);
  scanForSideEffects(statement);
  return kind;
}
