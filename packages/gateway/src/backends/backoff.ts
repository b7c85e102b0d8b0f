export interface BackoffOptions {
  /** First delay (default 250 ms). */
  baseMs?: number;
  /** Upper bound of any delay (default 30 s). */
  capMs?: number;
  /** Source of randomness in [0, 1); tests pin it. */
  random?: () => number;
}

/**
 * Delay before reconnect/restart attempt `attempt` (0-based): exponential,
 * capped, with "equal jitter" (half fixed, half random) so a fleet of
 * backends that died together does not hammer back in lockstep, while the
 * delay never collapses to ~0 the way full jitter can.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 250;
  const cap = options.capMs ?? 30_000;
  const random = options.random ?? Math.random;
  const exponential = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
