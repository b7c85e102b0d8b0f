import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import { UpstreamUnavailableError } from '../errors/tool-errors.js';
import { CIRCUIT_STATE_VALUE, circuitState, upstreamRequestsTotal } from '../metrics/registry.js';
import { isBreakerFailure } from './failure.js';
import type { BreakerOptions, BreakerState } from './types.js';

export interface UpstreamBreaker {
  /** Runs one attempt through the circuit; rejects with UpstreamUnavailableError when open. */
  fire<T>(attempt: () => Promise<T>): Promise<T>;
  state(): BreakerState;
  /** Milliseconds until the next trial request is allowed (0 unless open). */
  retryInMs(): number;
  shutdown(): void;
}

interface BreakerDeps {
  service: string;
  name: string;
  options: BreakerOptions | undefined;
  logger: () => Logger | undefined;
}

type Attempt = () => Promise<unknown>;

/**
 * One opossum breaker per upstream client. Only upstream-side failures (5xx,
 * network errors, timeouts) count; a 4xx is the caller's problem and says the
 * upstream is alive, so it counts as a success. opossum's own timeout is off:
 * undici enforces the deadline and, unlike opossum, actually frees the socket.
 */
export function createBreaker(deps: BreakerDeps): UpstreamBreaker {
  const { service, name } = deps;
  const resetTimeout = deps.options?.resetTimeoutMs ?? 10_000;
  const breaker = new CircuitBreaker<[Attempt], unknown>((attempt) => attempt(), {
    name,
    timeout: false,
    errorThresholdPercentage: deps.options?.errorThresholdPercentage ?? 50,
    volumeThreshold: deps.options?.volumeThreshold ?? 5,
    resetTimeout,
    rollingCountTimeout: deps.options?.rollingCountTimeoutMs ?? 10_000,
    errorFilter: (error: unknown) => !isBreakerFailure(error),
  });

  let openedAt = 0;
  const labels = { service, upstream: name };
  circuitState.set(labels, CIRCUIT_STATE_VALUE.closed);

  breaker.on('open', () => {
    openedAt = Date.now();
    circuitState.set(labels, CIRCUIT_STATE_VALUE.open);
    deps
      .logger()
      ?.warn(
        { upstream: name, circuit: 'open', retry_at: new Date(openedAt + resetTimeout).toISOString() },
        `circuit for upstream ${name} opened: calls fail fast until a trial succeeds`,
      );
  });
  breaker.on('halfOpen', () => {
    circuitState.set(labels, CIRCUIT_STATE_VALUE.halfOpen);
    deps.logger()?.info({ upstream: name, circuit: 'halfOpen' }, `circuit for upstream ${name} half-open: next call is a trial`);
  });
  breaker.on('close', () => {
    circuitState.set(labels, CIRCUIT_STATE_VALUE.closed);
    deps.logger()?.info({ upstream: name, circuit: 'closed' }, `circuit for upstream ${name} closed: upstream recovered`);
  });

  const state = (): BreakerState => (breaker.opened ? 'open' : breaker.halfOpen ? 'halfOpen' : 'closed');
  const retryInMs = (): number => (breaker.opened ? Math.max(0, openedAt + resetTimeout - Date.now()) : 0);

  const openError = (cause: unknown): UpstreamUnavailableError => {
    // Half-open rejections happen while the single trial request is in flight.
    const waitMs = breaker.halfOpen ? 1000 : retryInMs();
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    const when = breaker.halfOpen
      ? 'a trial request is in flight to check whether it has recovered'
      : `the next trial request will be sent in about ${retryAfterSeconds} s`;
    return new UpstreamUnavailableError(
      `Upstream ${name} is unavailable: its circuit breaker is open after repeated failures (5xx, timeouts or refused connections), so the request was not sent; ${when}.`,
      { retryAfterSeconds, hint: 'Wait and retry later; repeating the call now fails the same way.', cause },
    );
  };

  return {
    async fire<T>(attempt: () => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(attempt)) as T;
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code === 'EOPENBREAKER') {
          upstreamRequestsTotal.inc({ ...labels, status: 'circuit_open' });
          throw openError(error);
        }
        throw error;
      }
    },
    state,
    retryInMs,
    shutdown: () => breaker.shutdown(),
  };
}
