import type { QueryValue } from './types.js';

export interface Target {
  origin: string;
  /** Path and query string, as sent. */
  path: string;
  /** Path only, for messages and logs: query strings can carry keys. */
  displayPath: string;
}

/**
 * Joins a request path onto the base URL's prefix (`https://x/api/v3` + `/repos`
 * → `/api/v3/repos`). Absolute URLs are taken as they are, so pagination links
 * returned by the upstream can be followed on the same client.
 */
export function resolveTarget(base: URL, path: string, query?: Record<string, QueryValue | readonly QueryValue[]>): Target {
  let url: URL;
  if (/^https?:\/\//i.test(path)) url = new URL(path);
  else {
    const prefix = base.pathname.replace(/\/+$/, '');
    url = new URL(`${prefix}${path.startsWith('/') ? path : `/${path}`}`, base.origin);
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as QueryValue[]) if (v !== undefined && v !== null) url.searchParams.append(key, String(v));
  }
  return { origin: url.origin, path: `${url.pathname}${url.search}`, displayPath: url.pathname };
}

export interface EncodedBody {
  body: string | Uint8Array | undefined;
  contentType: string | undefined;
}

/** Plain values become JSON; text, bytes and form parameters go as they are. */
export function encodeBody(body: unknown): EncodedBody {
  if (body === undefined || body === null) return { body: undefined, contentType: undefined };
  if (typeof body === 'string') return { body, contentType: 'text/plain; charset=utf-8' };
  if (body instanceof Uint8Array) return { body, contentType: 'application/octet-stream' };
  if (body instanceof URLSearchParams) {
    return { body: body.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  return { body: JSON.stringify(body), contentType: 'application/json' };
}
