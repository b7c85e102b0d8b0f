import { type SpanHandle, startSpan } from '../tracing/spans.js';
import { currentRequestContext } from '../tracing/request-context.js';
import { formatTraceparent } from '../tracing/traceparent.js';
import type { HeadersProvider } from './types.js';

/** Lower-cased copy, so caller, auth and tracing headers never end up duplicated under two spellings. */
export function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers) for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}

export function resolveHeaders(provider: HeadersProvider | undefined): Promise<Record<string, string>> {
  if (provider === undefined) return Promise.resolve({});
  if (typeof provider === 'function') return Promise.resolve(provider()).then(lowerCaseKeys);
  return Promise.resolve(lowerCaseKeys(provider));
}

/**
 * A client span for one upstream attempt and the headers that carry it, so
 * the upstream's own spans hang below ours (gateway → service → upstream).
 */
export function startUpstreamSpan(method: string, upstream: string, origin: string, path: string): { headers: Record<string, string>; span: SpanHandle } {
  const ctx = currentRequestContext();
  const span = startSpan(`${method} ${upstream}`, ctx?.trace, 'client', {
    'http.request.method': method,
    'server.address': origin,
    'url.path': path.split('?')[0] ?? path,
    'mcp.upstream': upstream,
  });
  if (!ctx) return { headers: {}, span };
  return { headers: { traceparent: formatTraceparent(span.trace), 'x-request-id': ctx.requestId }, span };
}

/**
 * Values that must never reach an error message or log line: every auth header
 * value and, for "Bearer xyz" / "token xyz", the bare credential too, since an
 * upstream that echoes it back usually echoes only that part.
 */
export function secretValues(authHeaders: Record<string, string>): string[] {
  const out: string[] = [];
  for (const value of Object.values(authHeaders)) {
    out.push(value);
    const space = value.indexOf(' ');
    if (space > 0) out.push(value.slice(space + 1));
  }
  return out.filter((v) => v.length >= 6);
}

/** undici's header record with lower-case keys and repeated values joined. */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
