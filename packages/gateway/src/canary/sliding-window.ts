/** Outcomes of calls to one target over the last `windowMs`: error rate and p95 latency. */
export interface WindowStats {
  calls: number;
  errors: number;
  errorRate: number;
  p95Ms: number | null;
}

export class SlidingWindow {
  private samples: { at: number; ok: boolean; ms: number }[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  record(ok: boolean, ms: number): void {
    this.samples.push({ at: this.now(), ok, ms });
    this.prune();
  }

  stats(): WindowStats {
    this.prune();
    const calls = this.samples.length;
    const errors = this.samples.filter((s) => !s.ok).length;
    const sorted = this.samples.map((s) => s.ms).sort((a, b) => a - b);
    const p95 = calls ? (sorted[Math.min(calls - 1, Math.ceil(calls * 0.95) - 1)] ?? null) : null;
    return { calls, errors, errorRate: calls ? errors / calls : 0, p95Ms: p95 };
  }

  clear(): void {
    this.samples = [];
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop]!.at < cutoff) drop++;
    if (drop) this.samples.splice(0, drop);
  }
}
