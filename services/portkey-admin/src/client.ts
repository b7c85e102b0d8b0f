import { type HealthCheckOptions, InvalidInputError, type RuntimeKit } from '@mcp/runtime';
import { type PortkeyAdminEnv, missingConfig } from './env.js';
import { identityFromBody, type RateLimit } from './models.js';

/** The cheapest upstream call that proves the credentials work: health_check and /health use it. */
export const HEALTH_PATH = '/';
/** The header the API key travels in. */
export const API_KEY_HEADER = 'X-API-Key';

export interface GetOptions {
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

/** `X-API-Key: <PORTKEY_ADMIN_API_KEY>`. */
function authHeaders(env: PortkeyAdminEnv): Record<string, string> {
  return env.PORTKEY_ADMIN_API_KEY ? { [API_KEY_HEADER]: env.PORTKEY_ADMIN_API_KEY } : {};
}

/** What a 401 or 403 means here, naming the variable to fix. */
function describeAuthError(status: 401 | 403): string {
  return status === 401
    ? 'Check PORTKEY_ADMIN_API_KEY: the value is missing, wrong, expired or revoked.'
    : 'The credentials in PORTKEY_ADMIN_API_KEY lack a permission (scope or role) this call needs.';
}

/**
 * The Portkey Admin client: one pooled, retried, circuit-broken HTTP client from the
 * runtime, and typed calls whose payloads are parsed with src/models.ts.
 */
export function createPortkeyAdminClient(kit: RuntimeKit<PortkeyAdminEnv>) {
  const { env } = kit;
  const baseUrl = env.PORTKEY_ADMIN_BASE_URL;
  const http = kit.upstream({
    name: 'portkey-admin',
    baseUrl,
    timeoutMs: env.PORTKEY_ADMIN_TIMEOUT_MS,
    headers: authHeaders(env),
    describeAuthError,
  });

  return {
    http,
    env,
    /** The cheapest authenticated call: who the credentials belong to, and the quota left. */
    async whoami(options: { signal?: AbortSignal; retries?: number } = {}): Promise<{ identity?: string; rateLimit?: RateLimit }> {
      const res = await http.request<string>({ method: 'GET', path: HEALTH_PATH, parse: 'text', signal: options.signal, retries: options.retries });
      return { identity: identityFromBody(res.data), rateLimit: res.rateLimit ?? http.lastRateLimit };
    },
    /** GETs a path below the base URL and returns its JSON body (idempotent: retried on 429/5xx). */
    async getJson(path: string, options: GetOptions = {}): Promise<{ status: number; data: unknown }> {
      const res = await http.request<unknown>({ method: 'GET', path: pathBelow(baseUrl, path), query: options.query, signal: options.signal });
      return { status: res.status, data: res.data };
    },
  };
}

export type PortkeyAdminClient = ReturnType<typeof createPortkeyAdminClient>;

/**
 * A caller-supplied path, kept below the base URL: no other origin, no `..`
 * escaping the base path, so a tool can never be steered to another host.
 */
export function pathBelow(baseUrl: string, path: string): string {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  let target: URL | undefined;
  try {
    target = path.startsWith('/') && !path.startsWith('//') && !path.includes('\\') ? new URL(`${prefix}${path}`, base.origin) : undefined;
  } catch {
    target = undefined;
  }
  if (!target || target.origin !== base.origin || !(target.pathname === prefix || target.pathname.startsWith(`${prefix}/`))) {
    throw new InvalidInputError(`"${path}" is not a path on Portkey Admin.`, {
      hint: 'Pass a path relative to the API root that starts with "/", such as "/items".',
    });
  }
  return path;
}

/** The /health component proving the upstream answers with these credentials: cached, never retried. */
export function upstreamProbe(client: PortkeyAdminClient): HealthCheckOptions {
  return {
    cacheMs: 30_000,
    timeoutMs: 5_000,
    check: async () => {
      const missing = missingConfig(client.env);
      if (missing.length > 0) return { status: 'degraded', message: `not probed: ${missing.join(', ')} not set` };
      const probe = await client.http.healthCheck(HEALTH_PATH);
      return { status: probe.status, latencyMs: probe.latencyMs, metadata: probe.metadata, ...(probe.metadata.error && { message: probe.metadata.error }) };
    },
  };
}
