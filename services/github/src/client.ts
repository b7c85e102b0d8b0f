import { type HealthCheckOptions, InvalidInputError, type RuntimeKit, type UpstreamClient } from '@mcp/runtime';
import { Octokit } from '@octokit/rest';
import type * as z from 'zod';
import { type GithubEnv, LOGIN, missingConfig } from './env.js';
import { githubRateLimit, malformed, toGithubError } from './errors.js';
import { installationReposPayload, type RateLimit, rateLimitPayload, userPayload } from './models.js';
import { nextPage } from './pagination.js';

export const USER_AGENT = 'mcp-fleet-github/0.1.0';

type Headers = Record<string, string | number | undefined>;

/** What an Octokit method resolves to, as far as the client needs it. */
export interface OctokitResponse {
  status: number;
  headers: Headers;
  data: unknown;
}

export interface CallResult<T> {
  status: number;
  data: T;
  headers: Headers;
  /** The next page from the Link header (the cursor tools return), when there is one. */
  nextPage: number | undefined;
}

/** `request` options every Octokit call gets: the tool's signal, so cancellation and timeouts reach the socket. */
export interface PerCall {
  signal?: AbortSignal;
}

function describeAuthError(status: 401 | 403): string {
  return status === 401
    ? 'Check GITHUB_TOKEN: the value is missing, wrong, expired or revoked.'
    : 'GITHUB_TOKEN lacks a scope or repository permission this call needs.';
}

/**
 * The GitHub client: the official Octokit (`@octokit/rest`) running on the
 * runtime's pooled, circuit-broken, traced fetch. Octokit's retry and
 * throttling plugins are deliberately absent (the runtime owns resilience);
 * rate limits surface as RateLimitedError with GitHub's reset time.
 */
export function createGithubClient(kit: RuntimeKit<GithubEnv>): GithubClient {
  const { env } = kit;
  const baseUrl = env.GITHUB_BASE_URL.replace(/\/+$/, '');
  const http = kit.upstream({
    name: 'github',
    baseUrl,
    timeoutMs: env.GITHUB_TIMEOUT_MS,
    // Added by the runtime's fetch to requests for this origin only (never to a followed link elsewhere).
    headers: {
      ...(env.GITHUB_TOKEN ? { authorization: `Bearer ${env.GITHUB_TOKEN}` } : {}),
      'x-github-api-version': env.GITHUB_API_VERSION,
    },
    describeAuthError,
  });
  const octokit = new Octokit({
    baseUrl,
    userAgent: USER_AGENT,
    request: { fetch: http.fetch },
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => kit.logger.warn({ upstream: 'github' }, message),
      error: (message: string) => kit.logger.error({ upstream: 'github' }, message),
    },
  });

  /** Runs one Octokit call and parses its body; failures become typed errors naming `what`. */
  async function call<S extends z.ZodType>(
    what: string,
    schema: S,
    signal: AbortSignal | undefined,
    run: (request: PerCall) => Promise<OctokitResponse>,
  ): Promise<CallResult<z.infer<S>>> {
    let res: OctokitResponse;
    try {
      res = await run(signal ? { signal } : {});
    } catch (error) {
      throw toGithubError(error, what, signal);
    }
    const parsed = schema.safeParse(res.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw malformed(what, issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected body');
    }
    const link = res.headers.link === undefined ? undefined : String(res.headers.link);
    return { status: res.status, data: parsed.data, headers: res.headers, nextPage: nextPage(link) };
  }

  /** `owner` and `repo` from the arguments, `repo` given as "owner/name", or GITHUB_DEFAULT_OWNER. */
  function repoRef(owner: string | undefined, repo: string): { owner: string; repo: string } {
    const [first, second, ...rest] = repo.split('/');
    if (second !== undefined && rest.length === 0 && first) return { owner: first, repo: second };
    const resolved = owner ?? env.GITHUB_DEFAULT_OWNER;
    if (!resolved) {
      throw new InvalidInputError('No repository owner: pass `owner`, pass `repo` as "owner/name", or set GITHUB_DEFAULT_OWNER.');
    }
    if (!LOGIN.test(resolved)) throw new InvalidInputError(`"${resolved}" is not a GitHub user or organisation login.`);
    return { owner: resolved, repo };
  }

  /** GET /rate_limit: free (does not count against the quota), and a bad token still answers 401. */
  async function rateLimits(signal?: AbortSignal) {
    const res = await call('GET /rate_limit', rateLimitPayload, signal, (request) => octokit.rest.rateLimit.get({ request }));
    return { resources: res.data.resources, rateLimit: githubRateLimit(res.headers) as RateLimit | undefined };
  }

  /**
   * Who GITHUB_TOKEN belongs to: GET /user (with the granted scopes of a classic
   * PAT); installation tokens cannot call it, so they fall back to
   * GET /installation/repositories?per_page=1.
   */
  async function identify(signal?: AbortSignal): Promise<Identity> {
    try {
      const res = await call('GET /user', userPayload, signal, (request) => octokit.rest.users.getAuthenticated({ request }));
      const scopes = res.headers['x-oauth-scopes'];
      return {
        identity: res.data.login,
        kind: res.data.type === 'Bot' ? 'bot' : 'user',
        ...(scopes === undefined
          ? {}
          : {
              scopes: String(scopes)
                .split(/\s*,\s*/)
                .filter(Boolean),
            }),
      };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'forbidden') throw error;
      const res = await call('GET /installation/repositories', installationReposPayload, signal, (request) =>
        octokit.rest.apps.listReposAccessibleToInstallation({ per_page: 1, request }),
      );
      return { identity: `GitHub App installation (${res.data.total_count} repositories)`, kind: 'installation' };
    }
  }

  return { http, octokit, env, call, repoRef, rateLimits, identify };
}

export interface Identity {
  identity: string;
  kind: string;
  scopes?: string[];
}

export interface GithubClient {
  /** The runtime's upstream client: pool, breaker, metrics, last rate-limit headers. */
  http: UpstreamClient;
  /** Octokit on `http.fetch`. */
  octokit: Octokit;
  env: GithubEnv;
  call<S extends z.ZodType>(
    what: string,
    schema: S,
    signal: AbortSignal | undefined,
    run: (request: PerCall) => Promise<OctokitResponse>,
  ): Promise<CallResult<z.infer<S>>>;
  repoRef(owner: string | undefined, repo: string): { owner: string; repo: string };
  rateLimits(signal?: AbortSignal): Promise<{ resources: z.infer<typeof rateLimitPayload>['resources']; rateLimit: RateLimit | undefined }>;
  identify(signal?: AbortSignal): Promise<Identity>;
}

/** The /health component proving the token works: GET /rate_limit (free), cached, never retried. */
export function upstreamProbe(client: GithubClient): HealthCheckOptions {
  return {
    cacheMs: 30_000,
    timeoutMs: 5_000,
    check: async () => {
      const missing = missingConfig(client.env);
      if (missing.length > 0) return { status: 'degraded', message: `not probed: ${missing.join(', ')} not set` };
      const probe = await client.http.healthCheck(async (_http, signal) => {
        try {
          await client.rateLimits(signal);
        } catch (error) {
          // GitHub Enterprise Server with rate limiting disabled answers 404: the token still worked.
          if ((error as { code?: unknown }).code !== 'not_found') throw error;
        }
      });
      return { status: probe.status, latencyMs: probe.latencyMs, metadata: probe.metadata, ...(probe.metadata.error && { message: probe.metadata.error }) };
    },
  };
}
