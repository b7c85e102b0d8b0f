import { InvalidInputError } from '@mcp/runtime';

/**
 * Object names and literals the service puts into the statements it builds
 * (list_objects, describe_table, query_history). Names are parsed, not pasted:
 * each part is an unquoted identifier (kept as written, so Snowflake resolves
 * it case-insensitively) or a double-quoted one (kept exactly).
 */
const UNQUOTED = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function parts(name: string): string[] {
  const out: string[] = [];
  let i = 0;
  const text = name.trim();
  while (i < text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close === -1) return [];
        if (text[close + 1] === '"') {
          j = close + 2;
          continue;
        }
        j = close + 1;
        break;
      }
      out.push(text.slice(i, j));
      i = j;
    } else {
      const dot = text.indexOf('.', i);
      const part = text.slice(i, dot === -1 ? text.length : dot);
      if (!UNQUOTED.test(part)) return [];
      out.push(part);
      i = dot === -1 ? text.length : dot;
    }
    if (i < text.length) {
      if (text[i] !== '.') return [];
      i += 1;
      if (i === text.length) return [];
    }
  }
  return out;
}

/**
 * A `db`, `db.schema` or `db.schema.object` name, validated, as SQL text.
 * `min`/`max` bound the number of parts; `what` names it in the error.
 */
export function qualifiedName(name: string, what: string, min: number, max: number): string {
  return nameParts(name, what, min, max).join('.');
}

/** The validated parts of a qualified name (quoted parts keep their quotes). */
export function nameParts(name: string, what: string, min: number, max: number): string[] {
  const found = parts(name);
  if (found.length < min || found.length > max || found.some((p) => p === '""')) {
    const shape = ['database', 'database.schema', 'database.schema.object'].slice(min - 1, max).join(' or ');
    throw new InvalidInputError(`"${name}" is not a valid ${what}: expected ${shape}.`, {
      hint: 'Use letters, digits, _ and $ in unquoted parts, or double-quote a part ("My Table") to keep its case and spaces.',
    });
  }
  return found;
}

/** A single-quoted SQL string literal (quotes doubled, backslashes escaped). */
export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
