import { type HealthCheckOptions, InvalidInputError, type RuntimeKit } from '@mcp/runtime';
import { type K8sEnv, missingConfig } from './env.js';
import { identityFromBody, type RateLimit } from './models.js';

/** The cheapest upstream call that proves the credentials work: health_check and /health use it. */
export const HEALTH_PATH = '/';
/** Stands in while K8S_BASE_URL is unset: never called, the runtime answers "not configured" first. */
const UNCONFIGURED_BASE_URL = 'http://unconfigured.invalid';

export interface GetOptions {
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

/** `Authorization: Bearer <K8S_TOKEN>`. */
function authHeaders(env: K8sEnv): Record<string, string> {
  return env.K8S_TOKEN ? { authorization: `Bearer ${env.K8S_TOKEN}` } : {};
}

/** What a 401 or 403 means here, naming the variable to fix. */
function describeAuthError(status: 401 | 403): string {
  return status === 401
    ? 'Check K8S_TOKEN: the value is missing, wrong, expired or revoked.'
    : 'The credentials in K8S_TOKEN lack a permission (scope or role) this call needs.';
}

/**
 * The K8s client: one pooled, retried, circuit-broken HTTP client from the
 * runtime, and typed calls whose payloads are parsed with src/models.ts.
 */
export function createK8sClient(kit: RuntimeKit<K8sEnv>) {
  const { env } = kit;
  const baseUrl = env.K8S_BASE_URL ?? UNCONFIGURED_BASE_URL;
  const http = kit.upstream({
    name: 'k8s',
    baseUrl,
    timeoutMs: env.K8S_TIMEOUT_MS,
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

export type K8sClient = ReturnType<typeof createK8sClient>;

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
    throw new InvalidInputError(`"${path}" is not a path on K8s.`, {
      hint: 'Pass a path relative to the API root that starts with "/", such as "/items".',
    });
  }
  return path;
}

/** The /health component proving the upstream answers with these credentials: cached, never retried. */
export function upstreamProbe(client: K8sClient): HealthCheckOptions {
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
