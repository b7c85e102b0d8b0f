import { RateLimitedError } from '../errors/tool-errors.js';
import type { RateLimitInfo } from './rate-limit.js';
import type { HealthCheck, UpstreamClient, UpstreamHealth } from './types.js';

/** Below this share of the quota the upstream still answers, but not for long. */
const LOW_QUOTA_SHARE = 0.05;

function quotaLow(info: RateLimitInfo | undefined): boolean {
  if (!info || info.remaining === undefined) return false;
  if (info.remaining === 0) return true;
  return info.limit !== undefined && info.limit > 0 && info.remaining / info.limit < LOW_QUOTA_SHARE;
}

/**
 * One health entry for the upstream. An open circuit answers at once without
 * calling the upstream (the breaker exists to stop hammering it); a throttled
 * or half-open upstream is degraded, not down; anything else failing is unhealthy.
 * The probe never retries: health should report the state now, quickly.
 */
export async function probeUpstream(client: UpstreamClient, probe: HealthCheck, timeoutMs: number): Promise<UpstreamHealth> {
  const before = client.breakerState();
  if (before === 'open') {
    return {
      status: 'unhealthy',
      latencyMs: 0,
      metadata: { circuit: before, rateLimit: client.lastRateLimit, error: 'circuit breaker open after repeated failures' },
    };
  }
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    if (typeof probe === 'string') {
      await client.request({ method: 'GET', path: probe, parse: 'text', retries: 0, timeoutMs });
    } else {
      await probe(client, AbortSignal.timeout(timeoutMs));
    }
    const circuit = client.breakerState();
    const rateLimit = client.lastRateLimit;
    const degraded = circuit !== 'closed' || quotaLow(rateLimit);
    return { status: degraded ? 'degraded' : 'healthy', latencyMs: elapsed(), metadata: { circuit, rateLimit } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      status: error instanceof RateLimitedError ? 'degraded' : 'unhealthy',
      latencyMs: elapsed(),
      metadata: { circuit: client.breakerState(), rateLimit: client.lastRateLimit, error: message },
    };
  }
}
