import { InvalidInputError } from '@mcp/runtime';

/**
 * EdgeLake commands, built from validated parts only. A command travels in the
 * `command` header, so it is one line of printable ASCII, and the values put
 * into it can neither end a quoted part (`"`) nor add a clause (`and`, `where`
 * come only from here).
 */

/** Logical database and table names: EdgeLake keeps them lower-case letters, digits and `_`. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function checkName(value: string, what: 'database' | 'table'): string {
  if (!NAME.test(value)) {
    throw new InvalidInputError(`"${value}" is not a valid ${what} name.`, {
      hint: `Use the ${what} name as list_databases / list_tables show it (letters, digits and _).`,
    });
  }
  return value.toLowerCase();
}

/** A policy attribute value, double-quoted as EdgeLake's own examples write them (`company = "New Company"`). */
export function quotedValue(value: string | number | boolean): string {
  const text = String(value);
  if (!/^[A-Za-z0-9 _.:/@,+-]{1,200}$/.test(text)) {
    throw new InvalidInputError(`"${text}" cannot be used as a filter value.`, {
      hint: 'Values may hold letters, digits, spaces and _ . : / @ , + - (no quotes).',
    });
  }
  return `"${text}"`;
}

/** `sql <dbms> format = json and stat = <bool> "<select>"` — the statement comes from validateReadQuery. */
export function sqlCommand(dbms: string, select: string, stats: boolean): string {
  return `sql ${checkName(dbms, 'database')} format = json and stat = ${stats} "${select}"`;
}

export const POLICY_TYPES = ['operator', 'query', 'master', 'publisher', 'cluster', 'table', 'config', 'mapping'] as const;

/** `blockchain get <type> [where key = "value" and …]` with attribute names checked. */
export function policyCommand(type: (typeof POLICY_TYPES)[number], where: Record<string, string | number | boolean> = {}): string {
  const clauses = Object.entries(where).map(([key, value]) => {
    if (!/^[a-z_][a-z0-9_]{0,63}$/.test(key))
      throw new InvalidInputError(`"${key}" is not a policy attribute name.`, { hint: 'Use attribute names such as company, name, dbms, ip, port.' });
    return `${key} = ${quotedValue(value)}`;
  });
  return `blockchain get ${type}${clauses.length > 0 ? ` where ${clauses.join(' and ')}` : ''}`;
}
