import type { Dispatcher } from 'undici';
import { scrubSecrets } from '../logging/logger.js';
import { upstreamRequestDuration, upstreamRequestsTotal } from '../metrics/registry.js';
import { AttemptFailure, classifyThrown, statusLabel } from './failure.js';
import { flattenHeaders, secretValues, startUpstreamSpan } from './headers.js';
import { exhaustedForMs, headerLookup, parseRateLimit, parseRetryAfter, type RateLimitInfo } from './rate-limit.js';
import type { HttpMethod } from './types.js';

/** A request with everything resolved except the per-attempt parts (auth, trace, deadline). */
export interface PreparedRequest {
  origin: string;
  /** Path plus query string. */
  path: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  idempotent: boolean;
  /** False when the target is another origin (a followed link): credentials stay with their upstream. */
  sendAuth: boolean;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  isOk: (status: number) => boolean;
}

export interface AttemptDeps {
  service: string;
  name: string;
  dispatcher: Dispatcher;
  authHeaders: () => Promise<Record<string, string>>;
  onRateLimit: (info: RateLimitInfo) => void;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  rateLimit: RateLimitInfo | undefined;
}

/**
 * One HTTP exchange. Records the attempt in the metrics whatever happens, and
 * throws an AttemptFailure for anything that is not an ok status so the breaker
 * and the retry loop can judge it.
 */
export async function runAttempt(deps: AttemptDeps, req: PreparedRequest): Promise<RawResponse> {
  const auth = req.sendAuth ? await deps.authHeaders() : {};
  // Caller headers win over auth (per-call credentials); tracing is added only if absent.
  const { headers: tracing, span } = startUpstreamSpan(req.method, deps.name, req.origin, req.path);
  const headers = { ...tracing, ...auth, ...req.headers };
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
  const labels = { service: deps.service, upstream: deps.name };
  const started = performance.now();
  const record = (status: string): void => {
    span.setAttribute('http.response.status_code', status);
    span.end(/^[0-9]+$/.test(status) && Number(status) < 500 ? undefined : status);
    upstreamRequestsTotal.inc({ ...labels, status });
    upstreamRequestDuration.observe(labels, (performance.now() - started) / 1000);
  };

  let response: Dispatcher.ResponseData;
  let body: Buffer;
  try {
    response = await deps.dispatcher.request({
      origin: req.origin,
      path: req.path,
      method: req.method,
      headers,
      body: req.body ?? null,
      idempotent: req.idempotent,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      signal,
    });
    body = Buffer.from(await response.body.arrayBuffer());
  } catch (error) {
    const failure = classifyThrown(error, deadline, req.signal);
    if (!failure) throw error;
    record(statusLabel(failure));
    throw failure;
  }

  const status = response.statusCode;
  record(String(status));
  const flat = flattenHeaders(response.headers);
  const rateLimit = parseRateLimit(headerLookup(flat));
  if (rateLimit) deps.onRateLimit(rateLimit);
  if (req.isOk(status)) return { status, headers: flat, body, rateLimit };

  // 429s, and 403s from upstreams (GitHub) that signal an exhausted quota that way,
  // carry the wait in the quota headers when Retry-After is missing.
  const retryAfterMs = parseRetryAfter(flat['retry-after']) ?? (status === 429 || status === 403 ? exhaustedForMs(rateLimit) : undefined);
  throw new AttemptFailure('http', `upstream answered ${status}`, {
    retryAfterMs,
    response: {
      status,
      statusText: response.statusText,
      headers: flat,
      bodyText: scrubSecrets(body.toString('utf8'), secretValues(auth)),
      rateLimit,
    },
  });
}
