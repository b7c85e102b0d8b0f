/**
 * A lexer for the SQL EdgeLake forwards to its operators' databases
 * (PostgreSQL or SQLite): standard SQL lexical rules — `'…'` strings with `''`,
 * `--` and `/* … *\/` comments, unquoted identifiers, numbers and operators.
 * Characters that mean something to EdgeLake's own command parser rather than
 * to SQL (`"` closes the quoted statement in the `command` header, `!name`
 * substitutes a node variable, `[`, `]`, `{`, `}`, `@`, `$`, `&`, `\`, backticks)
 * are errors, never skipped: the validator fails closed.
 */
export type TokenKind = 'word' | 'string' | 'number' | 'symbol';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Upper-cased text for words and symbols; the text otherwise. */
  upper: string;
  start: number;
  end: number;
}

export class SqlLexError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'SqlLexError';
    this.position = position;
  }
}

const SYMBOLS = ['<>', '<=', '>=', '!=', '||', '::', ';', '(', ')', ',', '.', '=', '<', '>', '+', '-', '*', '/', '%', ':', '?'];
const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

export function tokenize(sql: string): Token[] {
  const bad = /[^\x20-\x7e\t\r\n]/.exec(sql);
  if (bad) throw new SqlLexError('only printable ASCII characters can travel in the command header', bad.index);
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    const text = sql.slice(i, end);
    tokens.push({ kind, text, upper: kind === 'word' || kind === 'symbol' ? text.toUpperCase() : text, start: i, end });
    i = end;
  };
  while (i < sql.length) {
    const ch = sql[i] as string;
    const two = sql.slice(i, i + 2);
    if (/\s/.test(ch)) {
      i += 1;
    } else if (two === '--') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (two === '/*') {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) throw new SqlLexError('unterminated /* comment', i);
      i = close + 2;
    } else if (ch === "'") {
      let end = i + 1;
      for (;;) {
        const next = sql.indexOf("'", end);
        if (next === -1) throw new SqlLexError('unterminated string literal', i);
        if (sql[next + 1] === "'") {
          end = next + 2;
          continue;
        }
        end = next + 1;
        break;
      }
      const literal = sql.slice(i, end);
      if (literal.includes('"'))
        throw new SqlLexError('a double quote (") cannot appear, even inside a string: it would end the statement in the EdgeLake command', i);
      if (/[\r\n\t]/.test(literal)) throw new SqlLexError('a string literal cannot span lines (the command travels in an HTTP header)', i);
      push('string', end);
    } else if (ch === '"') {
      throw new SqlLexError(
        'double-quoted identifiers are not supported (the statement itself travels inside double quotes); use plain names and single-quoted strings',
        i,
      );
    } else if (DIGIT.test(ch) || (ch === '.' && DIGIT.test(sql[i + 1] ?? ''))) {
      const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(i, i + 400));
      push('number', i + (match?.[0].length ?? 1));
    } else if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end] as string)) end += 1;
      push('word', end);
    } else {
      const symbol = SYMBOLS.find((s) => sql.startsWith(s, i));
      if (!symbol) throw new SqlLexError(`unexpected character ${JSON.stringify(ch)}`, i);
      push('symbol', i + symbol.length);
    }
  }
  return tokens;
}
