/**
 * `{{ path }}` templating for step arguments. Deliberately tiny: a path is
 * dot-separated segments (letters, digits, _ and -; numbers index arrays),
 * looked up as OWN properties only, so no template can reach prototypes,
 * call functions or evaluate code.
 */

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const ROOTS = new Set(['inputs', 'steps', 'run']);

/** What a template may read: `inputs`, `steps.<id>.{result,status,attempts}`, `run.{id,workflow}`. */
export interface TemplateScope {
  inputs: Record<string, unknown>;
  steps: Record<string, { status: string; result: unknown; attempts: number }>;
  run: { id: string; workflow: string };
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export interface Reference {
  raw: string;
  path: string[];
  /** Set when the reference cannot be valid (syntax, unknown root). */
  problem?: string;
}

/** Parses a path; throws TemplateError naming what is wrong. */
export function parsePath(raw: string): string[] {
  const path = raw.split('.');
  if (path.some((s) => !SEGMENT.test(s)))
    throw new TemplateError(`"${raw}" is not a path (dot-separated names or indexes, e.g. steps.read.result.structuredContent.value)`);
  if (!ROOTS.has(path[0]!)) throw new TemplateError(`"${raw}" must start with inputs., steps. or run.`);
  if (path.length < 2) throw new TemplateError(`"${raw}" names no field (e.g. ${path[0]}.name)`);
  return path;
}

/** Every `{{ … }}` of a string, parsed (problems reported, not thrown: load-time validation lists them all). */
export function referencesIn(text: string): Reference[] {
  const refs: Reference[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const raw = match[1] ?? '';
    try {
      refs.push({ raw, path: parsePath(raw) });
    } catch (error) {
      refs.push({ raw, path: [], problem: (error as Error).message });
    }
  }
  return refs;
}

/** Follows a path through own properties; undefined when any segment is missing. */
export function resolvePath(scope: TemplateScope, path: readonly string[]): unknown {
  let value: unknown = scope;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    if (Array.isArray(value)) {
      if (!/^\d+$/.test(segment)) return undefined;
      value = value[Number(segment)];
    } else {
      if (!Object.hasOwn(value, segment)) return undefined;
      value = (value as Record<string, unknown>)[segment];
    }
  }
  return value;
}

/**
 * Renders one argument value. A string that is exactly one placeholder takes
 * the referenced value as is (numbers, objects, arrays keep their type);
 * placeholders inside a longer string are interpolated (objects as JSON). A
 * reference that resolves to nothing is an error, never a silent "undefined".
 */
export function renderValue(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') return renderString(value, scope);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, scope));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, scope);
    return out;
  }
  return value;
}

function lookup(raw: string, scope: TemplateScope): unknown {
  const value = resolvePath(scope, parsePath(raw));
  if (value === undefined) throw new TemplateError(`{{ ${raw} }} resolves to nothing (a skipped step, a missing field or a missing input)`);
  return value;
}

function renderString(text: string, scope: TemplateScope): unknown {
  const whole = WHOLE.exec(text);
  if (whole) return lookup(whole[1] ?? '', scope);
  return text.replace(PLACEHOLDER, (_m, raw: string) => {
    const value = lookup(raw, scope);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
