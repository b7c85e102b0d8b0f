import type { MatchMode } from './types.js';

/** More terms than this add nothing to ranking but cost on every row. */
export const MAX_QUERY_TOKENS = 32;

/** The words of a user query: whitespace-separated, at most MAX_QUERY_TOKENS. */
export function queryTokens(query: string): string[] {
  return query
    .split(/\s+/u)
    .filter((t) => t.length > 0)
    .slice(0, MAX_QUERY_TOKENS);
}

/**
 * An FTS5 MATCH expression in which every user token is a quoted string
 * (`"tok"`, inner `"` doubled), so no input can be read as FTS5 syntax
 * (AND/OR/NOT/NEAR, `*`, `^`, column filters, parentheses): a query never
 * fails with "fts5: syntax error". Tokens are joined with OR (any word, ranked
 * by bm25) or AND (every word). Undefined when the query has no token.
 */
export function fts5MatchExpression(query: string, mode: MatchMode): string | undefined {
  const tokens = queryTokens(query);
  if (tokens.length === 0) return undefined;
  return tokens.map((t) => `"${t.replaceAll('"', '""')}"`).join(mode === 'all' ? ' AND ' : ' OR ');
}

/**
 * Text for PostgreSQL's `websearch_to_tsquery('english', …)`, which never
 * raises a syntax error. Characters it would read as operators (quotes, a
 * leading `-`) and the bare word `or` are dropped, so the user's words are
 * only words; tokens are joined with ` or ` (any) or a space (all).
 */
export function websearchText(query: string, mode: MatchMode): string | undefined {
  const tokens = queryTokens(query)
    .map((t) => t.replaceAll('"', ' ').replace(/^-+/u, '').trim())
    .filter((t) => t.length > 0 && t.toLowerCase() !== 'or');
  if (tokens.length === 0) return undefined;
  return tokens.join(mode === 'all' ? ' ' : ' or ');
}
