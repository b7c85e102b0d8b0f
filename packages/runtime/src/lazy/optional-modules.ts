import { createRequire } from 'node:module';

/**
 * Dependencies only some services use, loaded on first use instead of at
 * import: ioredis (REDIS_URL), rate-limiter-flexible (a rate limiter is
 * created), undici (the service talks to an upstream). Together they cost
 * tens of MiB of idle memory and hundreds of ms of cold start to every
 * service that never uses them. They are CommonJS packages, so a synchronous
 * require keeps the callers' APIs synchronous; the types come from
 * `import type`, which emits nothing.
 */
const require = createRequire(import.meta.url);

let ioredis: typeof import('ioredis') | undefined;
let rateLimiterFlexible: typeof import('rate-limiter-flexible') | undefined;
let undici: typeof import('undici') | undefined;

export function loadIoredis(): typeof import('ioredis') {
  ioredis ??= require('ioredis') as typeof import('ioredis');
  return ioredis;
}

export function loadRateLimiterFlexible(): typeof import('rate-limiter-flexible') {
  rateLimiterFlexible ??= require('rate-limiter-flexible') as typeof import('rate-limiter-flexible');
  return rateLimiterFlexible;
}

export function loadUndici(): typeof import('undici') {
  undici ??= require('undici') as typeof import('undici');
  return undici;
}
