import type { BackendConfig } from '../config/schema.js';

/**
 * Fields that change how the gateway presents or calls a backend but not the
 * connection itself: changing only these updates the live backend in place,
 * so its session and in-flight calls are not disturbed.
 */
const PRESENTATION_FIELDS = new Set(['namespace', 'description', 'weight', 'package', 'port', 'timeoutMs', 'enabled', 'canary']);

/** Stable JSON (sorted keys, no undefined) so that equal configs compare equal whatever the key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortDeep(v);
    }
    return out;
  }
  return value;
}

/** Identity of the connection a config describes (transport defaults made explicit). */
export function connectionKey(config: BackendConfig): string {
  const connection: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) if (!PRESENTATION_FIELDS.has(key)) connection[key] = value;
  // Schema defaults made explicit, so a parsed and an unparsed record of the same backend compare equal.
  if ('command' in connection) {
    delete connection.type;
    connection.args ??= [];
    connection.env ??= {};
  } else {
    if (connection.type === undefined || connection.type === 'streamable-http') connection.type = 'http';
    connection.headers ??= {};
  }
  return stableJson(connection);
}

export function configKey(config: BackendConfig): string {
  return stableJson(config);
}
