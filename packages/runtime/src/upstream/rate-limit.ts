/**
 * Rate-limit headers, read into one shape whatever dialect the upstream speaks:
 * GitHub/Slack style `x-ratelimit-*`, the IETF draft's `ratelimit-*` (and its
 * newer combined `ratelimit` header), and `retry-after`. Health reports the
 * result so an operator sees quota running out before calls start failing.
 */
export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  used?: number;
  /** When the window resets, ISO 8601. */
  resetAt?: string;
  /** The bucket the numbers apply to (GitHub: core, search, graphql…). */
  resource?: string;
}

/** Reads one header by lower-case name; repeated values already joined. */
export type HeaderLookup = (name: string) => string | undefined;

export function headerLookup(headers: Record<string, string | string[] | undefined> | { get(name: string): string | null }): HeaderLookup {
  if (typeof headers.get === 'function') {
    const h = headers as { get(name: string): string | null };
    return (name) => h.get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  return (name) => {
    const value = record[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

/** `Retry-After` as milliseconds from now: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function firstNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // The IETF draft allows lists ("100, 100;w=60"): the first item is the one in force.
  const n = Number.parseFloat(value.split(',')[0] ?? '');
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Reset values come as epoch seconds (GitHub), epoch milliseconds, or seconds
 * from now (IETF draft). Magnitude tells them apart: no window lasts 30 years.
 */
function resetToIso(value: number, now: number): string {
  if (value > 1e12) return new Date(value).toISOString();
  if (value > 1e9) return new Date(value * 1000).toISOString();
  return new Date(now + value * 1000).toISOString();
}

function param(value: string | undefined, key: string): number | undefined {
  const match = value === undefined ? null : new RegExp(`(?:^|[;,\\s])${key}=(\\d+)`).exec(value);
  return match ? Number(match[1]) : undefined;
}

export function parseRateLimit(get: HeaderLookup, now = Date.now()): RateLimitInfo | undefined {
  const pick = (suffix: string): string | undefined => get(`x-ratelimit-${suffix}`) ?? get(`ratelimit-${suffix}`) ?? get(`x-rate-limit-${suffix}`);

  const info: RateLimitInfo = {};
  const limit = firstNumber(pick('limit')) ?? param(get('ratelimit-policy'), 'q');
  const remaining = firstNumber(pick('remaining')) ?? param(get('ratelimit'), 'r');
  const used = firstNumber(pick('used'));
  const reset = firstNumber(pick('reset')) ?? param(get('ratelimit'), 't');
  const resource = pick('resource');

  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  else if (limit !== undefined && used !== undefined) info.remaining = Math.max(0, limit - used);
  if (used !== undefined) info.used = used;
  if (reset !== undefined) info.resetAt = resetToIso(reset, now);
  else {
    const retryAfter = parseRetryAfter(get('retry-after'), now);
    if (retryAfter !== undefined) info.resetAt = new Date(now + retryAfter).toISOString();
  }
  if (resource) info.resource = resource;
  return Object.keys(info).length > 0 ? info : undefined;
}

/** Milliseconds until the quota is back, when the response says it is exhausted. */
export function exhaustedForMs(info: RateLimitInfo | undefined, now = Date.now()): number | undefined {
  if (info?.remaining !== 0 || !info.resetAt) return undefined;
  return Math.max(0, Date.parse(info.resetAt) - now);
}
