import { loadUndici } from '../lazy/optional-modules.js';
import { currentRequestContext } from '../tracing/request-context.js';
import { type PreparedRequest, type RawResponse, runAttempt } from './attempt.js';
import { createBreaker } from './breaker.js';
import { type ErrorContext, malformedResponse, toToolError } from './errors.js';
import { statusLabel } from './failure.js';
import { createBoundFetch } from './fetch.js';
import { lowerCaseKeys, resolveHeaders } from './headers.js';
import { probeUpstream } from './health.js';
import type { RateLimitInfo } from './rate-limit.js';
import { withRetries } from './retry.js';
import { encodeBody, resolveTarget } from './target.js';
import { tlsConnectOptions } from './tls.js';
import type { HttpMethod, RequestOptions, UpstreamClient, UpstreamClientOptions, UpstreamRequest, UpstreamResponse } from './types.js';

/** Methods whose repetition has no extra effect (RFC 9110 §9.2.2); only these are retried by default. */
const IDEMPOTENT_METHODS = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

const defaultIsOk = (status: number): boolean => status >= 200 && status < 400;

function parseBody(raw: RawResponse, parse: UpstreamRequest['parse'], ctx: ErrorContext): unknown {
  if (parse === 'buffer') return raw.body;
  const text = raw.body.toString('utf8');
  if (parse === 'text') return text;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformedResponse(ctx, raw.status, error);
  }
}

/**
 * The one way a service talks HTTP to its upstream: an undici pool, per-attempt
 * auth and tracing headers, retries for idempotent calls, a circuit breaker,
 * metrics, and failures turned into ToolErrors a model can act on.
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const { service, name } = options;
  const base = new URL(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const dispatcher = new (loadUndici().Agent)({
    connections: options.connections ?? 32,
    connect: { timeout: options.connectTimeoutMs ?? 5_000, ...tlsConnectOptions(service, name, options.tls, options.logger) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    ...(options.keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeout: options.keepAliveTimeoutMs }),
  });
  // The request's logger carries request_id/trace_id; timers and start-up calls fall back to the option.
  const logger = () => currentRequestContext()?.logger ?? options.logger;
  const breaker = createBreaker({ service, name, options: options.breaker, logger });
  const policy = {
    retries: options.retries ?? 3,
    baseDelayMs: options.retryBaseDelayMs ?? 250,
    maxDelayMs: options.retryMaxDelayMs ?? 10_000,
  };
  let lastRateLimit: RateLimitInfo | undefined;
  const onRateLimit = (info: RateLimitInfo): void => {
    lastRateLimit = info;
    // Per call too: the tool result carries the quota its own upstream calls saw (`_meta.rateLimit`).
    const ctx = currentRequestContext();
    if (ctx) ctx.rateLimit = { upstream: name, ...info };
  };
  const authHeaders = () => resolveHeaders(options.headers);
  const attemptDeps = { service, name, dispatcher, authHeaders, onRateLimit };

  async function request<T>(req: UpstreamRequest): Promise<UpstreamResponse<T>> {
    const method = req.method.toUpperCase() as HttpMethod;
    const target = resolveTarget(base, req.path, req.query);
    const encoded = encodeBody(req.body);
    const parse = req.parse ?? 'json';
    const okStatuses = req.okStatuses;
    const idempotent = req.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const prepared: PreparedRequest = {
      origin: target.origin,
      path: target.path,
      method,
      headers: {
        ...(parse === 'json' ? { accept: 'application/json' } : {}),
        ...(encoded.contentType ? { 'content-type': encoded.contentType } : {}),
        ...lowerCaseKeys(req.headers),
      },
      body: encoded.body,
      idempotent,
      sendAuth: target.origin === base.origin,
      timeoutMs: req.timeoutMs ?? timeoutMs,
      signal: req.signal,
      isOk: okStatuses ? (status) => okStatuses.includes(status) : defaultIsOk,
    };
    const ctx: ErrorContext = {
      name,
      method,
      path: target.displayPath,
      timeoutMs: prepared.timeoutMs,
      attempts: 0,
      signal: req.signal,
      describeAuthError: options.describeAuthError,
    };

    let attempts = 0;
    let raw: RawResponse;
    try {
      raw = await withRetries(
        () => {
          attempts += 1;
          return breaker.fire(() => runAttempt(attemptDeps, prepared));
        },
        { ...policy, retries: idempotent ? (req.retries ?? policy.retries) : 0 },
        req.signal,
        ({ retry, delayMs, error }) =>
          logger()?.warn(
            { upstream: name, method, path: target.displayPath, retry, delay_ms: Math.round(delayMs), status: statusLabel(error) },
            `retrying ${method} ${target.displayPath} on upstream ${name}`,
          ),
      );
    } catch (error) {
      throw toToolError(error, { ...ctx, attempts });
    }
    const data = parseBody(raw, parse, { ...ctx, attempts }) as T;
    return { status: raw.status, headers: raw.headers, data, ...(raw.rateLimit ? { rateLimit: raw.rateLimit } : {}) };
  }

  const withBody =
    (method: HttpMethod) =>
    <T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> =>
      request<T>({ ...opts, method, path, body }).then((res) => res.data);

  const client: UpstreamClient = {
    service,
    name,
    baseUrl: options.baseUrl,
    dispatcher,
    fetch: createBoundFetch({ service, name, base, dispatcher, breaker, authHeaders, onRateLimit }),
    get lastRateLimit() {
      return lastRateLimit;
    },
    request,
    get: <T>(path: string, opts?: RequestOptions) => request<T>({ ...opts, method: 'GET', path }).then((r) => r.data),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    delete: <T>(path: string, opts?: RequestOptions) => request<T>({ ...opts, method: 'DELETE', path }).then((r) => r.data),
    breakerState: () => breaker.state(),
    healthCheck: (check, opts) => probeUpstream(client, check, opts?.timeoutMs ?? Math.min(timeoutMs, 5_000)),
    async close() {
      breaker.shutdown();
      await dispatcher.close();
    },
  };
  return client;
}
