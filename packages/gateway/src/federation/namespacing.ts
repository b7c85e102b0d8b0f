import { createHash } from 'node:crypto';
import type { BackendConfig } from '../config/schema.js';

/** What MCP and the common model APIs (OpenAI, Anthropic, Gemini) accept as a tool name. */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_NAME = 64;
const HASH_CHARS = 8;

/** The scheme of resource URIs the gateway hands out: `mcp+gw://<namespace>/<encoded original uri>`. */
export const GATEWAY_URI_SCHEME = 'mcp+gw';
const GATEWAY_URI = /^mcp\+gw:\/\/([^/]*)\/([\s\S]*)$/;

/**
 * The default namespace of a registry entry: its name in `[a-z0-9-]`, starting
 * with a letter, at most 31 characters — the same shape the schema enforces
 * on an explicit `namespace`, so defaults and explicit values mix safely.
 */
export function defaultNamespace(name: string): string {
  let ns = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ns === '') ns = 'backend';
  if (!/^[a-z]/.test(ns)) ns = `n${ns}`;
  return ns.slice(0, 31).replace(/-+$/, '');
}

export function namespaceOf(name: string, config: BackendConfig): string {
  return config.namespace ?? defaultNamespace(name);
}

/**
 * The authority a backend's rewritten URIs carry: its namespace, or for a
 * backend mounted without prefix its default namespace (URIs that must be
 * rewritten anyway — large-result blocks, colliding URIs — still need a route).
 */
export function uriKeyOf(name: string, config: BackendConfig): string {
  return namespaceOf(name, config) || defaultNamespace(name);
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, HASH_CHARS);
}

/**
 * `<namespace>_<name>` (or `name` without a namespace). When that is not a
 * valid tool name (too long, or characters such as `.` or `/` some backends
 * use), it is made valid deterministically: invalid characters become `_`, the
 * result is cut and suffixed with a hash of the ORIGINAL pair — so two
 * different originals never shorten to the same name by accident, and the
 * same original always gets the same name across reloads and replicas.
 */
export function qualifyName(namespace: string, name: string): string {
  const joined = namespace ? `${namespace}_${name}` : name;
  if (TOOL_NAME.test(joined)) return joined;
  const cleaned = joined.replace(/[^a-zA-Z0-9_-]/g, '_');
  return `${cleaned.slice(0, MAX_NAME - HASH_CHARS - 1)}_${shortHash(`${namespace}\u0000${name}`)}`;
}

export function gatewayUri(key: string, uri: string): string {
  return `${GATEWAY_URI_SCHEME}://${key}/${encodeURIComponent(uri)}`;
}

/** `{ key, original }` of a gateway URI; undefined for any other URI (or a malformed encoding). */
export function parseGatewayUri(uri: string): { key: string; original: string } | undefined {
  const match = GATEWAY_URI.exec(uri);
  if (!match) return undefined;
  try {
    return { key: match[1] as string, original: decodeURIComponent(match[2] as string) };
  } catch {
    return undefined;
  }
}

/**
 * A URI template in gateway form: the literal parts are encoded like a URI,
 * the `{…}` expressions stay, so a client expanding the template produces a
 * gateway URI that decodes to the backend's own expansion.
 */
export function gatewayTemplate(key: string, template: string): string {
  const encoded = template
    .split(/(\{[^}]*\})/)
    .map((part) => (part.startsWith('{') && part.endsWith('}') ? part : encodeURIComponent(part)))
    .join('');
  return `${GATEWAY_URI_SCHEME}://${key}/${encoded}`;
}
