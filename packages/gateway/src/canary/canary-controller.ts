import { SlidingWindow, type WindowStats } from './sliding-window.js';

export interface CanaryPolicy {
  /** Sliding window over which error rate and p95 are compared. */
  windowMs: number;
  /** Calls each target needs in the window before a verdict. */
  minCalls: number;
  /** Roll back when canary error rate − stable error rate exceeds this (0.05 = 5 points). */
  errorMargin: number;
  /** Roll back when canary p95 > stable p95 × (1 + this) (0.2 = 20 %). */
  p95Regression: number;
  /** …and by at least this many ms: jitter is not a regression. */
  p95MinDeltaMs: number;
  /** Calls each target needs in the window before p95s are compared (a p95 of a few calls is noise). */
  p95MinCalls: number;
}

export const DEFAULT_CANARY_POLICY: CanaryPolicy = { windowMs: 60_000, minCalls: 20, errorMargin: 0.05, p95Regression: 0.2, p95MinDeltaMs: 5, p95MinCalls: 50 };

export type CanaryTarget = 'stable' | 'canary';
export type CanaryState = 'active' | 'rolled_back' | 'promoted';

export interface CanaryStatus {
  name: string;
  state: CanaryState;
  weight: number;
  initialWeight: number;
  stable: WindowStats;
  canary: WindowStats;
  reason: string | null;
}

export interface CanaryControllerOptions {
  policy?: Partial<CanaryPolicy>;
  /** Whether a regression rolls back by itself (MCP_ENABLE_AUTO_ROLLBACK / safe mode). */
  autoRollback: () => boolean;
  onRollback?: (status: CanaryStatus, actor: string) => void;
  onPromote?: (status: CanaryStatus, actor: string) => void;
  onWeightChange?: (status: CanaryStatus, actor: string) => void;
  random?: () => number;
  now?: () => number;
}

/**
 * One backend's stable/canary split: picks a target per call by weight
 * (percent to canary), keeps per-target windows, and rolls the canary back
 * (weight → 0) when its errors exceed stable's by the margin or its p95
 * regresses past the limit.
 */
export class CanaryController {
  private weightNow: number;
  private stateNow: CanaryState = 'active';
  private reason: string | null = null;
  private readonly policy: CanaryPolicy;
  private readonly windows: Record<CanaryTarget, SlidingWindow>;
  /**
   * While true every call goes to stable: set by the manager until the
   * persisted override is known, so a restart never sends one call to a
   * canary that was rolled back before it.
   */
  held = false;

  constructor(
    readonly name: string,
    readonly initialWeight: number,
    private readonly options: CanaryControllerOptions,
  ) {
    this.weightNow = initialWeight;
    this.policy = { ...DEFAULT_CANARY_POLICY, ...options.policy };
    this.windows = { stable: new SlidingWindow(this.policy.windowMs, options.now), canary: new SlidingWindow(this.policy.windowMs, options.now) };
  }

  pick(): CanaryTarget {
    if (this.held) return 'stable';
    return (this.options.random ?? Math.random)() * 100 < this.weightNow ? 'canary' : 'stable';
  }

  record(target: CanaryTarget, ok: boolean, ms: number): void {
    this.windows[target].record(ok, ms);
    if (this.stateNow === 'active' && this.weightNow > 0) {
      const verdict = this.verdict();
      if (verdict && this.options.autoRollback()) this.rollback(verdict, 'auto');
    }
  }

  /** Why the canary should be rolled back now, or undefined. */
  verdict(): string | undefined {
    const canary = this.windows.canary.stats();
    const stable = this.windows.stable.stats();
    if (canary.calls < this.policy.minCalls) return undefined;
    const stableRate = stable.calls >= this.policy.minCalls ? stable.errorRate : 0;
    if (canary.errorRate - stableRate > this.policy.errorMargin) {
      return `canary error rate ${pct(canary.errorRate)} exceeds stable's ${pct(stableRate)} by more than ${pct(this.policy.errorMargin)}`;
    }
    const enough = Math.max(this.policy.minCalls, this.policy.p95MinCalls);
    if (
      stable.calls >= enough &&
      canary.calls >= enough &&
      stable.p95Ms !== null &&
      canary.p95Ms !== null &&
      canary.p95Ms > stable.p95Ms * (1 + this.policy.p95Regression) &&
      canary.p95Ms - stable.p95Ms >= this.policy.p95MinDeltaMs
    ) {
      return `canary p95 ${canary.p95Ms.toFixed(1)} ms regresses more than ${pct(this.policy.p95Regression)} over stable's ${stable.p95Ms.toFixed(1)} ms`;
    }
    return undefined;
  }

  rollback(reason: string, actor: string): CanaryStatus {
    this.weightNow = 0;
    this.stateNow = 'rolled_back';
    this.reason = reason;
    const status = this.status();
    this.options.onRollback?.(status, actor);
    return status;
  }

  promote(actor: string): CanaryStatus {
    this.weightNow = 100;
    this.stateNow = 'promoted';
    this.reason = null;
    const status = this.status();
    this.options.onPromote?.(status, actor);
    return status;
  }

  /** Sets the canary's share by hand (state back to active: a rolled-back canary can be retried at a lower weight). */
  setWeight(weight: number, actor: string): CanaryStatus {
    this.weightNow = weight;
    this.stateNow = 'active';
    this.reason = null;
    // A new trial: errors from before (what got it rolled back) must not roll it back again at once.
    this.windows.canary.clear();
    const status = this.status();
    this.options.onWeightChange?.(status, actor);
    return status;
  }

  /** Takes a state decided elsewhere (a persisted override, another replica) without the callbacks: it is not a new action. */
  restore(state: CanaryState, weight: number, reason: string | null): void {
    this.stateNow = state;
    this.weightNow = weight;
    this.reason = reason;
  }

  status(): CanaryStatus {
    return {
      name: this.name,
      state: this.stateNow,
      weight: this.weightNow,
      initialWeight: this.initialWeight,
      stable: this.windows.stable.stats(),
      canary: this.windows.canary.stats(),
      reason: this.reason,
    };
  }
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
