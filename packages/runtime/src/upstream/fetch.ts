import type { Dispatcher } from 'undici';
import { loadUndici } from '../lazy/optional-modules.js';
import { upstreamRequestDuration, upstreamRequestsTotal } from '../metrics/registry.js';
import type { UpstreamBreaker } from './breaker.js';
import { AttemptFailure, classifyThrown, statusLabel } from './failure.js';
import { startUpstreamSpan } from './headers.js';
import { headerLookup, parseRateLimit, type RateLimitInfo } from './rate-limit.js';
import { resolveTarget } from './target.js';

export interface FetchDeps {
  service: string;
  name: string;
  base: URL;
  dispatcher: Dispatcher;
  breaker: UpstreamBreaker;
  authHeaders: () => Promise<Record<string, string>>;
  onRateLimit: (info: RateLimitInfo) => void;
}

interface Normalised {
  url: string;
  init: RequestInit;
}

/**
 * Accepts what SDKs pass to fetch: a string (relative ones resolve against the
 * base URL, prefix included), a URL, or a Request. A Request is unpacked because
 * it may come from Node's bundled undici, whose classes this undici does not
 * recognise.
 */
async function normalise(input: string | URL | Request, init: RequestInit | undefined, base: URL): Promise<Normalised> {
  if (typeof input === 'string' || input instanceof URL) {
    const text = String(input);
    const url = /^https?:\/\//i.test(text) ? text : `${base.origin}${resolveTarget(base, text).path}`;
    return { url, init: { ...init } };
  }
  const hasBody = input.body !== null && input.method !== 'GET' && input.method !== 'HEAD';
  const fromRequest: RequestInit = { method: input.method, headers: input.headers, signal: input.signal };
  if (hasBody) fromRequest.body = await input.arrayBuffer();
  return { url: input.url, init: { ...fromRequest, ...init } };
}

/**
 * A fetch on the client's pool: breaker, metrics, auth (only where the caller
 * set none, so an SDK's own auth wins) and traceparent, but no retries (SDKs
 * bring theirs). 5xx responses count against the breaker yet are returned to
 * the SDK untouched; transport errors are rethrown as fetch throws them. The
 * duration metric covers the time to response headers, since the SDK reads the
 * body afterwards.
 */
export function createBoundFetch(deps: FetchDeps): typeof globalThis.fetch {
  const labels = { service: deps.service, upstream: deps.name };

  const boundFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const { url, init: requestInit } = await normalise(input, init, deps.base);
    const headers: Record<string, string> = {};
    new Headers(requestInit.headers).forEach((value, key) => {
      headers[key] = value;
    });
    // Credentials only go to the client's own origin, never to a followed link elsewhere.
    const auth = new URL(url).origin === deps.base.origin ? await deps.authHeaders() : {};
    for (const [key, value] of Object.entries(auth)) {
      if (!(key in headers)) headers[key] = value;
    }
    const method = (requestInit.method ?? 'GET').toUpperCase();
    const target = new URL(url);

    let serverError: Response | undefined;
    try {
      return await deps.breaker.fire(async () => {
        const started = performance.now();
        // The same client span (and traceparent) as the client's own requests, per attempt.
        const { headers: tracing, span } = startUpstreamSpan(method, deps.name, target.origin, `${target.pathname}${target.search}`);
        const attemptHeaders = { ...headers };
        for (const [key, value] of Object.entries(tracing)) if (!(key in attemptHeaders)) attemptHeaders[key] = value;
        const record = (status: string): void => {
          span.setAttribute('http.response.status_code', status);
          span.end(/^[0-9]+$/.test(status) && Number(status) < 500 ? undefined : status);
          upstreamRequestsTotal.inc({ ...labels, status });
          upstreamRequestDuration.observe(labels, (performance.now() - started) / 1000);
        };
        let response: Response;
        try {
          const options = { ...requestInit, headers: attemptHeaders, dispatcher: deps.dispatcher };
          const { fetch: undiciFetch } = loadUndici();
          response = (await undiciFetch(url, options as Parameters<typeof undiciFetch>[1])) as unknown as Response;
        } catch (error) {
          const cause = error instanceof TypeError && error.cause ? error.cause : error;
          const failure = classifyThrown(cause, undefined, requestInit.signal ?? undefined);
          if (!failure) throw error;
          record(statusLabel(failure));
          throw new AttemptFailure(failure.kind, failure.message, { cause: error, code: failure.code });
        }
        record(String(response.status));
        const rateLimit = parseRateLimit(headerLookup(response.headers));
        if (rateLimit) deps.onRateLimit(rateLimit);
        if (response.status >= 500) {
          serverError = response;
          throw new AttemptFailure('http', `upstream answered ${response.status}`, {
            response: { status: response.status, statusText: response.statusText, headers: {}, bodyText: '', rateLimit },
          });
        }
        return response;
      });
    } catch (error) {
      if (serverError) return serverError;
      // Hand the SDK the error fetch itself threw, so its own handling still applies.
      if (error instanceof AttemptFailure && error.cause !== undefined) throw error.cause;
      throw error;
    }
  };
  return boundFetch as typeof globalThis.fetch;
}
