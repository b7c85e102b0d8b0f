/**
 * The gateway's registry inside compose: .mcp.json says http://127.0.0.1:<port>/mcp,
 * which inside the gateway's container is the gateway itself. This file keeps
 * every entry the gateway can reach there: the compose services at
 * http://<name>:<port>/mcp, and external HTTP servers (no "package", not on
 * loopback) as they are. Entries that run on the host only (loopback URLs of
 * packages without an image, stdio commands) are left out.
 *
 * A compose service requires its own key: its entry sends
 * `authorization: Bearer ${<SERVICE>_MCP_KEY}`, which the gateway expands from
 * its environment (env/gateway-backends.env) when it loads this file, so the
 * file itself holds no secret (backend-keys.mjs).
 */
import { backendAuthorization } from './backend-keys.mjs';
import { formatRegistry } from './registry.mjs';

export const GATEWAY_REGISTRY_DIR = 'docker/gateway';
export const GATEWAY_REGISTRY_FILE = `${GATEWAY_REGISTRY_DIR}/mcp.json`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);

function isExternalHttp(entry) {
  if (entry?.package || typeof entry?.url !== 'string') return false;
  try {
    const url = new URL(entry.url);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !LOOPBACK.has(url.hostname) && !url.hostname.startsWith('127.');
  } catch {
    return false;
  }
}

/** The entry's own headers, with any authorization (whatever its case) replaced by the service's compose key. */
function withAuthorization(headers, name) {
  const kept = Object.entries(headers ?? {}).filter(([key]) => key.toLowerCase() !== 'authorization');
  return { ...Object.fromEntries(kept), authorization: backendAuthorization(name) };
}

/** The compose registry, in .mcp.json's order and format. */
export function renderGatewayRegistry(plan, registry) {
  const inCompose = new Map(plan.services.map((s) => [s.name, s]));
  const mcpServers = {};
  for (const [name, entry] of Object.entries(registry.mcpServers ?? {})) {
    const svc = inCompose.get(name);
    if (svc) mcpServers[name] = { ...entry, url: `http://${svc.name}:${svc.port}/mcp`, headers: withAuthorization(entry.headers, svc.name) };
    else if (isExternalHttp(entry)) mcpServers[name] = entry;
  }
  return formatRegistry({ mcpServers });
}
