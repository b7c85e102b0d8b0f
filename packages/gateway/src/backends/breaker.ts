/**
 * A minimal consecutive-failure circuit breaker for one backend.
 *
 * Why not the runtime's opossum breaker: that one wraps the runtime's HTTP
 * upstream client and judges failures by HTTP status; a backend is an MCP
 * session (HTTP, SSE or a stdio pipe) whose failures are transport errors and
 * timeouts, and whose health probe must be able to close the circuit directly.
 * This state machine is transport-agnostic and could move into the runtime.
 *
 * closed --(threshold consecutive failures | trip())--> open
 * open --(resetTimeoutMs elapsed, next allow())--> halfOpen (one trial)
 * halfOpen --success--> closed, --failure--> open
 */
export type CircuitState = 'closed' | 'open' | 'halfOpen';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit (default 3). */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial is let through (default 10 s). */
  resetTimeoutMs?: number;
  now?: () => number;
  onStateChange?: (state: CircuitState, previous: CircuitState) => void;
}

export interface Breaker {
  state(): CircuitState;
  /** Whether a call may go through now; moves open → halfOpen once the reset timeout has passed. */
  allow(): boolean;
  success(): void;
  failure(): void;
  /** Opens at once: the backend is known to be down (connection refused, process exited). */
  trip(): void;
  /** The call let through said nothing about the backend (the caller cancelled): free the trial slot. */
  release(): void;
  /** Milliseconds until a trial is allowed (0 unless open). */
  retryInMs(): number;
}

export function createBreaker(options: BreakerOptions = {}): Breaker {
  const threshold = Math.max(1, options.failureThreshold ?? 3);
  const resetTimeoutMs = Math.max(0, options.resetTimeoutMs ?? 10_000);
  const now = options.now ?? Date.now;
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  // Only one trial at a time in halfOpen: concurrent callers keep failing fast until it settles.
  let trialInFlight = false;

  const move = (next: CircuitState) => {
    if (next === state) return;
    const previous = state;
    state = next;
    options.onStateChange?.(next, previous);
  };
  const open = () => {
    openedAt = now();
    trialInFlight = false;
    move('open');
  };

  return {
    state: () => state,
    allow() {
      if (state === 'closed') return true;
      if (state === 'open') {
        if (now() - openedAt < resetTimeoutMs) return false;
        move('halfOpen');
      }
      if (trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    success() {
      failures = 0;
      trialInFlight = false;
      move('closed');
    },
    failure() {
      failures += 1;
      if (state === 'halfOpen' || failures >= threshold) open();
    },
    release() {
      trialInFlight = false;
    },
    trip() {
      failures = threshold;
      open();
    },
    retryInMs: () => (state === 'open' ? Math.max(0, openedAt + resetTimeoutMs - now()) : 0),
  };
}
