import type { Client } from '@modelcontextprotocol/client';
import type { BackendCatalog } from './backend.js';

export const EMPTY_CATALOG: BackendCatalog = Object.freeze({ tools: [], resources: [], resourceTemplates: [], prompts: [] }) as BackendCatalog;

/**
 * Lists everything a backend offers. The SDK's list calls without a cursor
 * walk every page (capped by `listMaxPages`), so a paginating backend is
 * listed completely. Only what the server advertises is asked for: a server
 * without prompts must not fail the refresh with "method not found".
 */
export async function loadCatalog(client: Client, timeoutMs: number): Promise<BackendCatalog> {
  const caps = client.getServerCapabilities() ?? {};
  // 'refresh' bypasses any freshness hint the backend sent: we are the cache.
  const options = { timeout: timeoutMs, cacheMode: 'refresh' as const };
  const [tools, resources, resourceTemplates, prompts] = await Promise.all([
    caps.tools ? client.listTools(undefined, options).then((r) => r.tools) : [],
    caps.resources ? client.listResources(undefined, options).then((r) => r.resources) : [],
    caps.resources ? client.listResourceTemplates(undefined, options).then((r) => r.resourceTemplates) : [],
    caps.prompts ? client.listPrompts(undefined, options).then((r) => r.prompts) : [],
  ]);
  return {
    tools: tools.map((t) => strip({ ...t })) as BackendCatalog['tools'],
    resources: resources.map((r) => strip({ ...r })) as BackendCatalog['resources'],
    resourceTemplates: resourceTemplates.map((t) => strip({ ...t })) as BackendCatalog['resourceTemplates'],
    prompts: prompts.map((p) => strip({ ...p })) as BackendCatalog['prompts'],
  };
}

function strip<T extends Record<string, unknown>>(item: T): T {
  for (const key of Object.keys(item)) if (item[key] === undefined) delete item[key];
  return item;
}

/** Cheap structural equality of two catalogues (both come from JSON). */
export function sameCatalog(a: BackendCatalog, b: BackendCatalog): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
