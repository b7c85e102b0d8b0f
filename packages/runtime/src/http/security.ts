import * as crypto from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { jsonRpcError } from '../transport/legacy-sessions.js';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'];

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host) || host.startsWith('127.');
}

/**
 * Refuses to start on a public interface without inbound auth: an MCP server
 * that can post to Slack or run shell commands must not be open to the network
 * by accident. `MCP_ALLOW_PUBLIC_BIND=true` is the explicit override.
 */
export function assertSafeBind(host: string, authEnabled: boolean, allowPublic: boolean): void {
  if (isLoopback(host) || authEnabled || allowPublic) return;
  throw new Error(
    `Refusing to listen on ${host} without authentication: set MCP_API_KEYS (or put the service behind the gateway), or set MCP_ALLOW_PUBLIC_BIND=true to accept the risk.`,
  );
}

/**
 * DNS-rebinding protection: the Host header must name this server. Loopback
 * names are always accepted; more with MCP_ALLOWED_HOSTS. On a public bind with
 * no list configured, the check is off (auth protects it) — see README.
 */
export function hostValidation(bindHost: string, extra: readonly string[]): MiddlewareHandler {
  const enforce = isLoopback(bindHost) || extra.length > 0;
  const allowed = new Set([...LOOPBACK_HOSTS, ...extra.map((h) => h.toLowerCase()), ...(isLoopback(bindHost) ? [] : [bindHost])]);
  return async (c, next) => {
    if (!enforce) return next();
    // In-process requests (tests, the gateway's embedded calls) carry no Host header: use the URL's.
    const header = c.req.header('host') ?? new URL(c.req.url).host;
    let hostname: string | undefined;
    try {
      hostname = header ? new URL(`http://${header}`).hostname.toLowerCase() : undefined;
    } catch {
      hostname = undefined;
    }
    if (!hostname || !allowed.has(hostname)) {
      return jsonRpcError(403, -32000, `Forbidden: Host "${header ?? ''}" is not allowed (DNS rebinding protection). Add it to MCP_ALLOWED_HOSTS.`);
    }
    return next();
  };
}

/**
 * Browsers send Origin; other clients do not. A request with an Origin must
 * come from a loopback page or one listed in MCP_ALLOWED_ORIGINS.
 */
export function originValidation(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowAll = allowedOrigins.includes('*');
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin || allowAll) return next();
    let ok = allowedOrigins.includes(origin);
    if (!ok) {
      try {
        ok = isLoopback(new URL(origin).hostname);
      } catch {
        ok = false;
      }
    }
    if (!ok) return jsonRpcError(403, -32000, `Forbidden: Origin "${origin}" is not allowed. Add it to MCP_ALLOWED_ORIGINS.`);
    return next();
  };
}

export interface Principal {
  /** A stable, non-secret name for the caller (key fingerprint, token subject). */
  id: string;
  scopes?: string[];
  [key: string]: unknown;
}

/** Pluggable inbound authentication; the gateway brings its own identities. */
export type Authenticator = (request: Request) => Promise<Principal | undefined> | Principal | undefined;

// The one-shot `crypto.hash` (Node >= 20.12) costs less than half of a Hash
// object per call; it runs on every authenticated request. Older Node 20s
// (engines allows them) fall back to createHash: same bytes either way.
const sha256: (value: string) => Buffer =
  typeof crypto.hash === 'function' ? (value) => crypto.hash('sha256', value, 'buffer') : (value) => crypto.createHash('sha256').update(value).digest();

function digest(value: string): Buffer {
  return sha256(value);
}

/** Reads `Authorization: Bearer <token>` or `X-API-Key`. */
export function presentedCredential(request: Request): string | undefined {
  const auth = request.headers.get('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  return request.headers.get('x-api-key') ?? undefined;
}

/**
 * Matches a presented key against configured ones, compared as SHA-256
 * digests in constant time so neither timing nor length leaks. Returns the
 * matching key's fingerprint (a non-secret id), or undefined.
 */
export function keyMatcher(keys: readonly string[]): (presented: string | undefined) => string | undefined {
  const digests = keys.map((k) => {
    const d = digest(k);
    return { d, id: `key:${d.toString('hex').slice(0, 12)}` };
  });
  return (presented) => {
    if (!presented) return undefined;
    const d = digest(presented);
    let found: string | undefined;
    for (const key of digests) if (crypto.timingSafeEqual(d, key.d)) found = key.id;
    return found;
  };
}

/** Static API keys (MCP_API_KEYS); the principal is the key's fingerprint. */
export function apiKeyAuthenticator(keys: readonly string[]): Authenticator {
  const match = keyMatcher(keys);
  return (request) => {
    const id = match(presentedCredential(request));
    return id ? { id } : undefined;
  };
}

/**
 * Thrown by an Authenticator to refuse a request with its own status and
 * challenge: an OAuth resource server answers 401 with
 * `WWW-Authenticate: Bearer resource_metadata=…, error="invalid_token"`
 * (RFC 6750, RFC 9728), or 503 when it cannot check a token right now
 * (its identity provider's keys are unreachable) — a failure of the server,
 * not of the caller's credentials.
 */
export class AuthenticationError extends Error {
  readonly status: 401 | 403 | 503;
  /** The WWW-Authenticate value; the default Bearer challenge when absent. */
  readonly challenge: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: { status?: 401 | 403 | 503; challenge?: string; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthenticationError';
    this.status = options.status ?? 401;
    this.challenge = options.challenge;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

const DEFAULT_CHALLENGE = 'Bearer realm="mcp"';

export function authMiddleware(authenticate: Authenticator, onPrincipal: (principal: Principal) => void = () => {}): MiddlewareHandler {
  return async (c, next) => {
    let principal: Principal | undefined;
    try {
      principal = await authenticate(c.req.raw);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      const res = jsonRpcError(error.status, -32001, error.message);
      if (error.status !== 503) res.headers.set('www-authenticate', error.challenge ?? DEFAULT_CHALLENGE);
      if (error.retryAfterSeconds !== undefined) res.headers.set('retry-after', String(error.retryAfterSeconds));
      return res;
    }
    if (!principal) {
      const res = jsonRpcError(401, -32001, 'Unauthorized: send a valid API key as "Authorization: Bearer <key>" or "X-API-Key: <key>".');
      res.headers.set('www-authenticate', DEFAULT_CHALLENGE);
      return res;
    }
    c.set('principal' as never, principal as never);
    onPrincipal(principal);
    return next();
  };
}
