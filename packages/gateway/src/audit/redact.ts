/** Argument names whose values never reach the audit log. */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|auth|credential|cookie|private[-_]?key|session/i;
/** Bounds one row: a tool taking a whole file as an argument must not bloat the log. */
const MAX_STRING = 2_000;
const MAX_DEPTH = 8;

/**
 * A copy of the arguments fit for the audit log: values under secret-looking
 * names replaced, long strings cut, deep nesting elided.
 */
export function redactArguments(args: Record<string, unknown>): Record<string, unknown> {
  return redact(args, 0) as Record<string, unknown>;
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…[${value.length - MAX_STRING} more chars]` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[REDACTED]' : redact(v, depth + 1);
  return out;
}
