import { type HealthCheckOptions, InvalidInputError, type RuntimeKit } from '@mcp/runtime';
import { type LinuxCliEnv, missingConfig } from './env.js';
import { identityFromBody, type RateLimit } from './models.js';

/** The cheapest upstream call that proves the credentials work: health_check and /health use it. */
export const HEALTH_PATH = '/';
/** Stands in while LINUX_CLI_BASE_URL is unset: never called, the runtime answers "not configured" first. */
const UNCONFIGURED_BASE_URL = 'http://unconfigured.invalid';

export interface GetOptions {
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

/** This upstream is called without credentials. */
function authHeaders(_env: LinuxCliEnv): Record<string, string> {
  return {};
}

/** What a 401 or 403 means here, naming the variable to fix. */
function describeAuthError(status: 401 | 403): string {
  return status === 401
    ? 'Linux Cli asked for credentials, but this service is set up to call it without any: add them in src/client.ts (authHeaders).'
    : 'Linux Cli refused the call: the resource may need credentials or a permission this service does not have.';
}

/**
 * The Linux Cli client: one pooled, retried, circuit-broken HTTP client from the
 * runtime, and typed calls whose payloads are parsed with src/models.ts.
 */
export function createLinuxCliClient(kit: RuntimeKit<LinuxCliEnv>) {
  const { env } = kit;
  const baseUrl = env.LINUX_CLI_BASE_URL ?? UNCONFIGURED_BASE_URL;
  const http = kit.upstream({
    name: 'linux-cli',
    baseUrl,
    timeoutMs: env.LINUX_CLI_TIMEOUT_MS,
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

export type LinuxCliClient = ReturnType<typeof createLinuxCliClient>;

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
    throw new InvalidInputError(`"${path}" is not a path on Linux Cli.`, {
      hint: 'Pass a path relative to the API root that starts with "/", such as "/items".',
    });
  }
  return path;
}

/** The /health component proving the upstream answers with these credentials: cached, never retried. */
export function upstreamProbe(client: LinuxCliClient): HealthCheckOptions {
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
