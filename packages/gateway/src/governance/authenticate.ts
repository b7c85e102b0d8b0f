import { apiKeyAuthenticator, AuthenticationError, presentedCredential, type Authenticator } from '@mcp/runtime';
import { hashKey } from './api-keys.js';
import { type JwtVerifier, looksLikeJwt } from './jwt-auth.js';
import { bearerChallenge, metadataUrlFor, type ProtectedResourceSettings, resourceUrlFor } from './protected-resource.js';
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
  /** OAuth resource-server mode: bearer JWTs beside API keys, and 401s that point at the metadata document. */
  jwt?: { verifier: JwtVerifier; resource: ProtectedResourceSettings; onUnavailable?: (error: AuthenticationError) => void };
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

  const jwt = options.jwt;
  const challengeFor = (request: Request) => {
    const metadata = jwt ? metadataUrlFor(resourceUrlFor(jwt.resource, request)) : undefined;
    return (error?: string, description?: string) => (metadata ? bearerChallenge(metadata, error, description) : 'Bearer realm="mcp"');
  };

  return {
    authenticate: async (request) => {
      const presented = presentedCredential(request);
      if (jwt && presented && looksLikeJwt(presented) && request.headers.has('authorization')) {
        try {
          return await jwt.verifier.verify(presented, challengeFor(request));
        } catch (error) {
          if (error instanceof AuthenticationError && error.status === 503) jwt.onUnavailable?.(error);
          throw error;
        }
      }
      if (presented) {
        const principal = await lookup(presented);
        if (!principal && jwt) {
          throw new AuthenticationError('Unauthorized: the bearer token or API key is not valid.', {
            challenge: challengeFor(request)('invalid_token', 'unknown API key and not a JWT'),
          });
        }
        return principal;
      }
      // Anonymous only while no key exists anywhere: the dev quick start. The
      // first key created turns authentication on for everyone; a configured
      // issuer (JWT mode) means authentication is on from the start.
      if (!jwt && options.allowAnonymousWhenNoKeys && !statics && (await storedKeyCount()) === 0) {
        return { id: 'anonymous', kind: 'anonymous', access: 'full' } satisfies GatewayPrincipal;
      }
      if (jwt) {
        throw new AuthenticationError('Unauthorized: send an OAuth access token as "Authorization: Bearer <token>" (or an API key).', {
          challenge: challengeFor(request)(),
        });
      }
      return undefined;
    },
    invalidate: () => {
      cache = new Map();
      activeKeys = undefined;
    },
  };
}
