/**
 * A lexer for Snowflake SQL, following Snowflake's lexical rules so the
 * validator sees the statement the way Snowflake will: `--` and `//` line
 * comments, `/* … *\/` block comments, single-quoted strings with `''` and
 * backslash escapes, `$$…$$` strings, `"…"` identifiers with `""`, unquoted
 * identifiers that may contain `$`, and the multi-character operators
 * (`->>` flow operator, `::`, `=>`, `||`…). Anything it does not understand is
 * an error, never skipped: the validator fails closed.
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'variable' | 'symbol';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Upper-cased text for words and symbols (keyword comparison); the text otherwise. */
  upper: string;
  /** Offset in the statement, for error messages. */
  start: number;
}

export class SqlLexError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'SqlLexError';
    this.position = position;
  }
}

const SYMBOLS = [
  '->>',
  '->',
  '::',
  '=>',
  '||',
  '<=',
  '>=',
  '<>',
  '!=',
  ';',
  '(',
  ')',
  ',',
  '.',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  ':',
  '?',
  '@',
  '[',
  ']',
  '{',
  '}',
  '|',
  '&',
  '^',
  '~',
  '!',
];
const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_$]/u;
const DIGIT = /[0-9]/;

function endOfLine(sql: string, from: number): number {
  const nl = sql.indexOf('\n', from);
  return nl === -1 ? sql.length : nl + 1;
}

/** Index just past the closing quote of a string or quoted identifier opened at `start`. */
function endOfQuoted(sql: string, start: number, quote: "'" | '"'): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (quote === "'" && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  throw new SqlLexError(quote === "'" ? 'unterminated string literal' : 'unterminated quoted identifier', start);
}

function numberEnd(sql: string, start: number): number {
  const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(start, start + 400));
  return start + (match?.[0].length ?? 1);
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    const text = sql.slice(i, end);
    tokens.push({ kind, text, upper: kind === 'word' || kind === 'symbol' ? text.toUpperCase() : text, start: i });
    i = end;
  };
  while (i < sql.length) {
    const ch = sql[i] as string;
    const two = sql.slice(i, i + 2);
    if (/\s/.test(ch)) {
      i += 1;
    } else if (two === '--' || two === '//') {
      i = endOfLine(sql, i);
    } else if (two === '/*') {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) throw new SqlLexError('unterminated /* comment', i);
      i = close + 2;
    } else if (ch === "'") {
      push('string', endOfQuoted(sql, i, "'"));
    } else if (two === '$$') {
      const close = sql.indexOf('$$', i + 2);
      if (close === -1) throw new SqlLexError('unterminated $$ string', i);
      push('string', close + 2);
    } else if (ch === '"') {
      push('quoted', endOfQuoted(sql, i, '"'));
    } else if (DIGIT.test(ch) || (ch === '.' && DIGIT.test(sql[i + 1] ?? ''))) {
      push('number', numberEnd(sql, i));
    } else if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end] as string)) end += 1;
      push('word', end);
    } else if (ch === '$' && WORD_PART.test(sql[i + 1] ?? '')) {
      let end = i + 2;
      while (end < sql.length && WORD_PART.test(sql[end] as string)) end += 1;
      push('variable', end);
    } else {
      const symbol = SYMBOLS.find((s) => sql.startsWith(s, i));
      if (!symbol) throw new SqlLexError(`unexpected character ${JSON.stringify(ch)}`, i);
      push('symbol', i + symbol.length);
    }
  }
  return tokens;
}
