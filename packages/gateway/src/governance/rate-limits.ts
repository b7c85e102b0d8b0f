import { createRateLimiter, type RateLimiter } from '@mcp/runtime';

/** "10/1" = 10 calls per 1 s; "600/60" = 600 per minute. */
const SPEC = /^(\d+)\s*\/\s*(\d+)$/;

export function parseRateSpec(spec: string): { points: number; durationSeconds: number } {
  const m = SPEC.exec(spec.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new Error(`rate limit "${spec}" must look like <calls>/<seconds>, e.g. 10/1`);
  return { points: Number(m[1]), durationSeconds: Number(m[2]) };
}

export interface GatewayRateLimitOptions {
  /** GATEWAY_RATE_LIMIT_IDENTITY: all calls of one identity. */
  perIdentity?: string | undefined;
  /** GATEWAY_RATE_LIMIT_TOOL: calls of one identity to one tool. */
  perIdentityTool?: string | undefined;
  /** Shared counters across replicas. */
  redisUrl?: string | undefined;
}

/**
 * The runtime's limiters, one per configured dimension. Key prefixes are
 * fixed (not per replica), so replicas on the same Redis share the counters.
 */
export function gatewayRateLimiters(options: GatewayRateLimitOptions): RateLimiter[] {
  const limiters: RateLimiter[] = [];
  const redis = options.redisUrl ? { redisUrl: options.redisUrl } : {};
  if (options.perIdentity) {
    limiters.push(createRateLimiter({ ...parseRateSpec(options.perIdentity), scope: 'principal', keyPrefix: 'mcp:gw:rl:identity', ...redis }));
  }
  if (options.perIdentityTool) {
    limiters.push(createRateLimiter({ ...parseRateSpec(options.perIdentityTool), scope: 'principal-tool', keyPrefix: 'mcp:gw:rl:tool', ...redis }));
  }
  return limiters;
}
