import { describe, expect, it } from 'vitest';
import { headerLookup, parseRateLimit, parseRetryAfter } from '../../src/upstream/index.js';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('rate-limit headers', () => {
  it('reads GitHub-style x-ratelimit-* with an epoch reset', () => {
    const get = headerLookup({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '12',
      'x-ratelimit-used': '4988',
      'x-ratelimit-reset': String(now / 1000 + 60),
      'x-ratelimit-resource': 'core',
    });
    expect(parseRateLimit(get, now)).toEqual({ limit: 5000, remaining: 12, used: 4988, resetAt: '2026-01-01T00:01:00.000Z', resource: 'core' });
  });

  it('reads IETF ratelimit-* with a delta reset, and the combined header', () => {
    expect(parseRateLimit(headerLookup({ 'ratelimit-limit': '100, 100;w=60', 'ratelimit-remaining': '0', 'ratelimit-reset': '30' }), now)).toEqual({
      limit: 100,
      remaining: 0,
      resetAt: '2026-01-01T00:00:30.000Z',
    });
    expect(parseRateLimit(headerLookup({ ratelimit: '"default";r=7;t=10', 'ratelimit-policy': '"default";q=50;w=60' }), now)).toEqual({
      limit: 50,
      remaining: 7,
      resetAt: '2026-01-01T00:00:10.000Z',
    });
  });

  it('derives remaining from used, and the reset from retry-after', () => {
    expect(parseRateLimit(headerLookup({ 'x-ratelimit-limit': '10', 'x-ratelimit-used': '10', 'retry-after': '5' }), now)).toEqual({
      limit: 10,
      remaining: 0,
      used: 10,
      resetAt: '2026-01-01T00:00:05.000Z',
    });
    expect(parseRateLimit(headerLookup({ 'content-type': 'text/plain' }), now)).toBeUndefined();
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('reads fetch Headers objects too', () => {
    expect(parseRateLimit(headerLookup(new Headers({ 'X-RateLimit-Remaining': '3' })), now)).toEqual({ remaining: 3 });
  });
});
