import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How a backend call reaches back to the gateway's own caller while it runs:
 * log lines, and the questions a tool may ask (elicitation, sampling).
 *
 * - A 2025-era caller can be asked directly: `elicit`/`sample` push the
 *   request onto the caller's stream, whichever era the backend speaks (a
 *   2026-07-28 backend's `input_required` is fulfilled here by the SDK client).
 * - A 2026-07-28 caller cannot be pushed to: `passInputRequired` hands the
 *   backend's `input_required` result through unchanged, and the caller's
 *   retry brings `inputResponses`/`requestState` back, forwarded as they are.
 */
export interface CallRelay {
  passInputRequired?: boolean;
  inputResponses?: Record<string, unknown>;
  requestState?: string;
  /** The caller's log level (2026-07-28 envelope), asked of the backend too. */
  logLevel?: string;
  /**
   * The caller's own `clientCapabilities` (2026-07-28 envelope), sent to the
   * backend in place of the gateway's: with `passInputRequired` the caller
   * answers the backend's input requests itself, so the backend must see what
   * the caller can answer — not elicitation and sampling it may lack.
   */
  clientCapabilities?: Record<string, unknown>;
  elicit?(params: Record<string, unknown>): Promise<unknown>;
  sample?(params: Record<string, unknown>): Promise<unknown>;
  log?(params: { level: string; data: unknown; logger?: string }): void;
}

const scope = new AsyncLocalStorage<CallRelay>();

/** Runs a backend request with its relay reachable from the SDK client's handlers. */
export function withRelay<T>(relay: CallRelay | undefined, fn: () => Promise<T>): Promise<T> {
  return relay ? scope.run(relay, fn) : fn();
}

/**
 * The relay of the call a backend message belongs to. Over HTTP the SDK reads
 * each call's response stream inside that call's async context, so the scope
 * answers. Over stdio every message arrives on the one pipe's callbacks, so
 * the fallback is the single call in flight on that backend — with several,
 * the message cannot be attributed and is not relayed (never misdelivered).
 */
export function currentRelay(inFlight: ReadonlySet<CallRelay>): CallRelay | undefined {
  const scoped = scope.getStore();
  if (scoped) return scoped;
  if (inFlight.size !== 1) return undefined;
  return inFlight.values().next().value;
}
