import { apiKeyAuthenticator, presentedCredential, type Authenticator } from '@mcp/runtime';
import { hashKey } from './api-keys.js';
import type { GatewayPrincipal } from './scopes.js';
import type { ApiKeyStore } from './types.js';

export interface GatewayAuthOptions {
  store: ApiKeyStore;
  /** MCP_API_KEYS: full-access keys from the environment. */
  staticKeys: readonly string[];
  /** Loopback bind (or MCP_ALLOW_PUBLIC_BIND): with no key at all, callers are anonymous with full access. */
  allowAnonymousWhenNoKeys: boolean;
  /** How long a lookup (hit, miss or key count) is reused; bounds revocation delay on other replicas. */
  cacheMs?: number;
}

export interface GatewayAuthenticator {
  authenticate: Authenticator;
  /** Forget cached lookups (after a create or revoke on this replica). */
  invalidate(): void;
}

/**
 * Stored keys (Bearer or X-API-Key), then static keys. Lookups are cached
 * briefly so that a tools/call does not cost a database round trip; a revoke
 * on this replica takes effect at once, on others within `cacheMs`.
 */
export function gatewayAuthenticator(options: GatewayAuthOptions): GatewayAuthenticator {
  const cacheMs = options.cacheMs ?? 2_000;
  const statics = options.staticKeys.length > 0 ? apiKeyAuthenticator(options.staticKeys) : undefined;
  let cache = new Map<string, { principal: GatewayPrincipal | undefined; until: number }>();
  let activeKeys: { n: number; until: number } | undefined;

  const storedKeyCount = async () => {
    if (!activeKeys || activeKeys.until < Date.now()) activeKeys = { n: await options.store.countActiveApiKeys(), until: Date.now() + cacheMs };
    return activeKeys.n;
  };

  const lookup = async (presented: string): Promise<GatewayPrincipal | undefined> => {
    const hash = hashKey(presented);
    const hit = cache.get(hash);
    if (hit && hit.until >= Date.now()) return hit.principal;
    const record = await options.store.findApiKeyByHash(hash);
    let principal: GatewayPrincipal | undefined;
    if (record) principal = { id: `key:${record.id}`, name: record.name, kind: 'api-key', access: record.scopes };
    else {
      const s = await statics?.(new Request('http://gateway/', { headers: { 'x-api-key': presented } }));
      if (s) principal = { ...s, kind: 'static-key', access: 'full' };
    }
    if (cache.size > 10_000) cache = new Map(); // bounded: garbage keys must not grow memory
    cache.set(hash, { principal, until: Date.now() + cacheMs });
    return principal;
  };

  return {
    authenticate: async (request) => {
      const presented = presentedCredential(request);
      if (presented) return lookup(presented);
      // Anonymous only while no key exists anywhere: the dev quick start. The
      // first key created turns authentication on for everyone.
      if (options.allowAnonymousWhenNoKeys && !statics && (await storedKeyCount()) === 0) {
        return { id: 'anonymous', kind: 'anonymous', access: 'full' } satisfies GatewayPrincipal;
      }
      return undefined;
    },
    invalidate: () => {
      cache = new Map();
      activeKeys = undefined;
    },
  };
}
