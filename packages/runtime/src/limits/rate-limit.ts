import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors/tool-errors.js';
import { loadIoredis, loadRateLimiterFlexible } from '../lazy/optional-modules.js';
import { currentRequestContext } from '../tracing/request-context.js';
import type { ToolCall, ToolMiddleware } from '../tools/middleware.js';

export interface RateLimitOptions {
  /** Calls allowed per window. */
  points: number;
  /** Window length in seconds. */
  durationSeconds: number;
  /** What is counted: per caller (default), per caller and tool, or per tool. */
  scope?: 'principal' | 'principal-tool' | 'tool';
  /** Only these tools are limited (names); all when omitted. */
  tools?: readonly string[];
  /** Shared counters across replicas; in-memory when omitted. */
  redisUrl?: string;
  /** Key prefix, so services and limits do not share counters by accident. */
  keyPrefix?: string;
}

export interface RateLimiter {
  middleware: ToolMiddleware;
  /** Consumes one point for `key`; rejects with RateLimitedError when over the limit. */
  consume(key: string): Promise<void>;
  close(): Promise<void>;
}

function keyFor(call: ToolCall, scope: RateLimitOptions['scope']): string {
  const who = currentRequestContext()?.principal?.id ?? 'anonymous';
  if (scope === 'tool') return call.tool.name;
  if (scope === 'principal-tool') return `${who}:${call.tool.name}`;
  return who;
}

/**
 * Call-rate limits as a tool middleware, on rate-limiter-flexible: in memory
 * on one replica, in Redis (`redisUrl`) so replicas share the counters. A
 * limited call gets an `isError` result saying when to retry.
 */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const keyPrefix = options.keyPrefix ?? 'mcp:rl';
  const { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } = loadRateLimiterFlexible();
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract;
  if (options.redisUrl) {
    redis = new (loadIoredis().Redis)(options.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    limiter = new RateLimiterRedis({ storeClient: redis, points: options.points, duration: options.durationSeconds, keyPrefix, useRedisPackage: false });
  } else {
    limiter = new RateLimiterMemory({ points: options.points, duration: options.durationSeconds, keyPrefix });
  }
  const limited = options.tools ? new Set(options.tools) : undefined;

  const consume = async (key: string) => {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new RateLimitedError(`Rate limit reached: at most ${options.points} calls per ${options.durationSeconds} s.`, { retryAfterSeconds });
      }
      // The limiter's store failed (Redis down): refuse rather than run unlimited.
      throw new RateLimitedError(`Rate limiter unavailable (${(rejection as Error).message}); the call was not run.`, { retryAfterSeconds: 5 });
    }
  };

  return {
    consume,
    middleware: async (call, next) => {
      if (!limited || limited.has(call.tool.name)) await consume(keyFor(call, options.scope));
      return next();
    },
    close: async () => {
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}
