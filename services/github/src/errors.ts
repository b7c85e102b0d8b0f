import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  ToolError,
  UnauthorizedError,
  UpstreamError,
  UpstreamUnavailableError,
} from '@mcp/runtime';

/**
 * Octokit's fetch path (the runtime's `http.fetch`) does not retry or map
 * errors: Octokit throws a RequestError carrying the status and the response
 * headers. This turns it into the typed error a model can act on, following
 * GitHub's documented rate-limit rules and permission headers.
 */

/** What Octokit throws: RequestError (status, response) or the AbortError fetch threw. */
interface OctokitFailure {
  name?: string;
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  cause?: unknown;
}

const MESSAGE_LIMIT = 500;
/** GitHub's advice for a secondary limit without retry-after: wait at least a minute. */
const SECONDARY_WAIT_SECONDS = 60;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MESSAGE_LIMIT ? `${flat.slice(0, MESSAGE_LIMIT - 1)}…` : flat;
}

function header(failure: OctokitFailure, name: string): string | undefined {
  const value = failure.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** The rate-limit headers of a response, as the runtime's health metadata shows them. */
export function githubRateLimit(headers: Record<string, string | number | undefined> | undefined) {
  const num = (name: string): number | undefined => {
    const value = headers?.[name];
    const n = value === undefined ? Number.NaN : Number(value);
    return Number.isFinite(n) ? n : undefined;
  };
  const reset = num('x-ratelimit-reset');
  const info = {
    limit: num('x-ratelimit-limit'),
    remaining: num('x-ratelimit-remaining'),
    used: num('x-ratelimit-used'),
    resetAt: reset === undefined ? undefined : new Date(reset * 1000).toISOString(),
    resource: headers?.['x-ratelimit-resource'] === undefined ? undefined : String(headers['x-ratelimit-resource']),
  };
  return Object.values(info).some((v) => v !== undefined) ? info : undefined;
}

/** Seconds to wait, by GitHub's rules: retry-after first, then the reset of an exhausted quota, else a minute. */
function waitSeconds(failure: OctokitFailure, now: number): number {
  const retryAfter = Number(header(failure, 'retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.max(1, Math.ceil(retryAfter));
  const reset = Number(header(failure, 'x-ratelimit-reset'));
  if (header(failure, 'x-ratelimit-remaining') === '0' && Number.isFinite(reset)) return Math.max(1, Math.ceil(reset - now / 1000));
  return SECONDARY_WAIT_SECONDS;
}

function isRateLimited(failure: OctokitFailure): boolean {
  if (failure.status === 429) return true;
  if (failure.status !== 403) return false;
  return header(failure, 'x-ratelimit-remaining') === '0' || header(failure, 'retry-after') !== undefined || /rate limit/i.test(failure.message ?? '');
}

/** Names the scope or permission GitHub says the call needs, from its response headers. */
function permissionHint(failure: OctokitFailure): string {
  const needed = header(failure, 'x-accepted-oauth-scopes');
  const granted = header(failure, 'x-oauth-scopes');
  const fineGrained = header(failure, 'x-accepted-github-permissions');
  const sso = header(failure, 'x-github-sso');
  const parts: string[] = [];
  if (sso) parts.push(`The organisation enforces SAML SSO: authorize GITHUB_TOKEN for it (${clip(sso)}).`);
  if (needed) parts.push(`This call needs the classic token scope(s) "${needed}"${granted === undefined ? '' : ` (GITHUB_TOKEN has "${granted}")`}.`);
  if (fineGrained) parts.push(`A fine-grained token or GitHub App needs the permission(s) "${fineGrained}".`);
  if (parts.length === 0) parts.push('GITHUB_TOKEN lacks a scope or repository permission this call needs (or a branch protection rule forbids it).');
  return parts.join(' ');
}

function causeChain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && out.length < 5) {
    out.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

/**
 * The ToolError for a failed Octokit call described by `what` (e.g. "GET
 * /repos/o/r/pulls/1"). Anything that is not an upstream failure (a programming
 * error) is returned unchanged so the runtime masks and logs it.
 */
export function toGithubError(error: unknown, what: string, signal?: AbortSignal, now = Date.now()): unknown {
  // Errors the runtime already typed: an open breaker, thrown by http.fetch and wrapped by Octokit.
  const typed = causeChain(error).find((e) => e instanceof ToolError);
  if (typed) return typed;
  const failure = error as OctokitFailure | null;
  if (failure === null || typeof failure !== 'object') return error;

  if (failure.name === 'AbortError' || signal?.aborted) {
    const reason: unknown = signal?.reason;
    if (reason instanceof Error && reason.name === 'TimeoutError') return new TimeoutError(`GitHub did not finish ${what} before the tool's deadline.`);
    return new ToolError('cancelled', `The request to GitHub (${what}) was cancelled.`);
  }
  if (typeof failure.status !== 'number') return error;

  const status = failure.status;
  const said = clip(failure.message ?? '');
  const details = { upstream: 'github', status, ...(said && { message: said }) };

  if (!failure.response) {
    // Octokit reports a transport failure as status 500 without a response.
    const codes = causeChain(error).map((e) => (e as { code?: unknown }).code);
    if (codes.includes('UND_ERR_HEADERS_TIMEOUT') || codes.includes('UND_ERR_BODY_TIMEOUT')) {
      return new TimeoutError(`GitHub did not answer ${what} in time.`, { hint: 'GitHub is slow or overloaded; retry later or narrow the request.' });
    }
    return new UpstreamUnavailableError(`GitHub could not be reached for ${what} (${said || 'network error'}).`, {
      hint: 'Check GITHUB_BASE_URL and the network; retry later.',
    });
  }
  if (isRateLimited(failure)) {
    const retryAfterSeconds = waitSeconds(failure, now);
    const rateLimit = githubRateLimit(failure.response.headers);
    const kind = header(failure, 'x-ratelimit-remaining') === '0' ? 'primary' : 'secondary';
    const resource = rateLimit?.resource ? ` (resource: ${rateLimit.resource})` : '';
    return new RateLimitedError(`GitHub ${kind} rate limit reached${resource}: ${status} to ${what}. GitHub said: ${said}`, {
      retryAfterSeconds,
      details: { ...details, rateLimit },
      hint: 'Do not retry before then: GitHub may block tokens that keep calling while limited.',
    });
  }
  if (status === 401) {
    return new UnauthorizedError(`GitHub rejected GITHUB_TOKEN (401 to ${what}): the token is missing, wrong, expired or revoked.`, {
      details,
      hint: 'Set GITHUB_TOKEN to a valid classic PAT (scopes: repo, read:org, workflow as needed), fine-grained PAT or installation token.',
    });
  }
  if (status === 403) return new ForbiddenError(`GitHub refused ${what} (403): ${said}. ${permissionHint(failure)}`, { details });
  if (status === 404) {
    return new NotFoundError(`GitHub found nothing at ${what} (404).`, {
      details,
      hint: 'Check the owner, repository, number, path and ref. GitHub also answers 404 when GITHUB_TOKEN cannot see a private repository.',
    });
  }
  if (status === 409 || status === 405) return new ToolError('conflict', `GitHub refused ${what} (${status}): ${said}`, { details });
  if (status === 400 || status === 422) {
    return new InvalidInputError(`GitHub rejected the arguments of ${what} (${status}): ${said}`, { details, hint: 'Fix the arguments and call again.' });
  }
  if (status === 410)
    return new NotFoundError(`GitHub says ${what} is gone (410): ${said}`, { details, hint: 'The feature may be disabled on this repository.' });
  return new UpstreamError(`GitHub answered ${status} to ${what}. ${said}`.trim(), { status, details });
}

/** An answer that does not have the documented shape. */
export function malformed(what: string, issue: string): UpstreamError {
  return new UpstreamError(`GitHub returned an unexpected response to ${what}: ${clip(issue)}.`, {
    details: { upstream: 'github' },
    hint: 'Check that GITHUB_BASE_URL points at the REST API root (https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server).',
  });
}
