/**
 * Service and tool names as the fleet spells them (ARCHITECTURE.md, Naming):
 * folders, packages and compose services in kebab-case, env prefixes in upper
 * snake, tool names in snake_case. Every generator refusal about a name is one
 * line, thrown as a GeneratorError.
 */

export class GeneratorError extends Error {
  constructor(message) {
    super(message);
    this.name = 'GeneratorError';
  }
}

/**
 * Names a service can never take: workspace packages and folders that exist or
 * are planned, and names that would shadow infrastructure or tooling.
 */
export const RESERVED_SERVICE_NAMES = new Set([
  'runtime',
  'gateway',
  'testing',
  'example',
  'conformance-fixture',
  'generator',
  'generator-tests',
  'mcp',
  'fleet',
  'mcp-fleet',
  'all',
  'templates',
  'scripts',
  'docker',
  'services',
  'packages',
  'bench',
]);

export const MAX_SERVICE_NAME = 40;
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * What a service name becomes everywhere it is used. `allowReserved` is for
 * looking up a service that exists (`gen tool`), not for creating one.
 */
export function serviceNames(input, { allowReserved = false } = {}) {
  const raw = String(input ?? '').trim();
  if (raw === '') throw new GeneratorError('a service name is required (e.g. "ai_memory", "AI Memory" or "ai-memory")');
  if (!/^[A-Za-z0-9 _-]+$/.test(raw)) {
    throw new GeneratorError(`invalid service name "${raw}": use letters, digits, spaces, "-" or "_" only (e.g. "ai_memory" → services/ai-memory)`);
  }
  const words = raw
    .toLowerCase()
    .split(/[\s_-]+/)
    .filter(Boolean);
  const kebab = words.join('-');
  if (!KEBAB.test(kebab)) throw new GeneratorError(`invalid service name "${raw}": it must start with a letter (e.g. "ai_memory" → services/ai-memory)`);
  if (kebab.length > MAX_SERVICE_NAME) {
    throw new GeneratorError(`invalid service name "${raw}": "${kebab}" is longer than ${MAX_SERVICE_NAME} characters (tool names are namespaced by it)`);
  }
  if (!allowReserved && RESERVED_SERVICE_NAMES.has(kebab)) {
    throw new GeneratorError(`refusing service name "${raw}": "${kebab}" is reserved (${[...RESERVED_SERVICE_NAMES].slice(0, 6).join(', ')}, …)`);
  }
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  const looksTitled = /[A-Z]/.test(raw) && /\s/.test(raw);
  return {
    raw,
    kebab,
    snake: words.join('_'),
    pascal,
    camel: pascal[0].toLowerCase() + pascal.slice(1),
    envPrefix: `${words.join('_').toUpperCase()}_`,
    title: looksTitled ? raw.replace(/\s+/g, ' ') : words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' '),
    packageName: `@mcp/${kebab}`,
    dir: `services/${kebab}`,
  };
}

/** Identifiers a generated tool's export must not take. */
const RESERVED_IDENTIFIERS = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package ' +
    'private protected public await async tools'
  ).split(' '),
);

const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** `list_issues`, `List issues`, `list-issues` → tool `list_issues`, file `list-issues.ts`, export `listIssues`. */
export function toolNames(input) {
  const raw = String(input ?? '').trim();
  if (raw === '') throw new GeneratorError('a tool name is required (snake_case verb_noun, e.g. "list_issues")');
  if (!/^[A-Za-z0-9 _-]+$/.test(raw)) throw new GeneratorError(`invalid tool name "${raw}": use letters, digits, spaces, "-" or "_" only (e.g. "list_issues")`);
  const words = raw
    .toLowerCase()
    .split(/[\s_-]+/)
    .filter(Boolean);
  const snake = words.join('_');
  if (!TOOL_NAME.test(snake))
    throw new GeneratorError(`invalid tool name "${raw}": it must start with a letter and be at most 64 characters (e.g. "list_issues")`);
  const camelBase = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
  const identifier = RESERVED_IDENTIFIERS.has(camelBase) ? `${camelBase}Tool` : camelBase;
  const title = words.join(' ');
  return { raw, snake, kebab: words.join('-'), identifier, title: title[0].toUpperCase() + title.slice(1) };
}
