import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import { type AttemptFailure, isRetriable } from './failure.js';

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryNotice {
  retry: number;
  delayMs: number;
  error: AttemptFailure;
}

/**
 * The wait before retry number `retry` (1-based), or undefined to give up now.
 * The upstream's own Retry-After wins over backoff; when it asks for longer than
 * maxDelayMs we stop instead of retrying early (which would only burn quota or
 * prolong a penalty) and the caller gets the error with its retryAfterSeconds.
 * Otherwise exponential backoff with "equal jitter", so a fleet of replicas that
 * failed together does not retry in lockstep.
 */
export function retryDelayMs(error: AttemptFailure, retry: number, policy: RetryPolicy): number | undefined {
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxDelayMs ? error.retryAfterMs : undefined;
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return step / 2 + (Math.random() * step) / 2;
}

/**
 * Runs `attempt` under p-retry. p-retry owns the loop, the retry budget and the
 * abort handling; its built-in delay is set to zero because it cannot know a
 * per-response Retry-After, so the wait happens in `shouldRetry`, which p-retry
 * calls only when a retry is still allowed.
 */
export function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  onRetry?: (notice: RetryNotice) => void,
): Promise<T> {
  return pRetry(attempt, {
    retries: policy.retries,
    minTimeout: 0,
    signal,
    shouldRetry: async ({ error, retriesConsumed }) => {
      if (!isRetriable(error)) return false;
      const retry = retriesConsumed + 1;
      const delayMs = retryDelayMs(error, retry, policy);
      if (delayMs === undefined) return false;
      onRetry?.({ retry, delayMs, error });
      if (delayMs > 0) await sleep(delayMs, undefined, signal ? { signal } : undefined);
      return true;
    },
  });
}
