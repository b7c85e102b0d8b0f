/**
 * `${VAR}` and `${VAR:-default}` in `.mcp.json`, as Claude Code expands them
 * (command, args, env, url, headers — here every string value of an entry),
 * so a registry file can name secrets without holding them. A variable that
 * is unset and has no default is a problem that rejects the file, naming the
 * entry and field: a backend must never start with an empty token.
 */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface ExpandResult {
  value: unknown;
  /** "<entry>.<field path>: ${VAR} is not set" per unresolved reference. */
  problems: string[];
}

/** Expands every string in `mcpServers.*`; other top-level keys are left as they are. */
export function expandRegistryEnv(json: unknown, env: Record<string, string | undefined>): ExpandResult {
  const problems: string[] = [];
  if (!isObject(json) || !isObject(json.mcpServers)) return { value: json, problems };
  const servers: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(json.mcpServers)) servers[name] = expandValue(entry, env, name, problems);
  return { value: { ...json, mcpServers: servers }, problems };
}

function expandValue(value: unknown, env: Record<string, string | undefined>, path: string, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole, name: string, fallback: string | undefined) => {
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (fallback !== undefined) return fallback;
      problems.push(`${path}: \${${name}} is not set and has no default (write \${${name}:-default} for one)`);
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => expandValue(item, env, `${path}.${i}`, problems));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandValue(v, env, `${path}.${k}`, problems)]));
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
