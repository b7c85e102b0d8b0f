import { performance } from 'node:perf_hooks';
import type { Logger } from '@mcp/runtime';

export interface ProgressOptions {
  logger: Logger;
  /** Draw a bar here (a terminal); without it, structured progress lines go to the logger. */
  tty?: { write(text: string): unknown; columns?: number } | undefined;
}

/**
 * Phase timing and record progress of one run. On a terminal a progress bar;
 * otherwise (or with --monitor) structured lines: `{ phase, done, total,
 * percent }`, at most one per 10 % step. Every phase's duration ends up in
 * `timings` (and in the run's summary).
 */
export class Progress {
  readonly timings: Record<string, number> = {};
  private lastStep = -1;

  constructor(private readonly options: ProgressOptions) {}

  async phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    this.options.logger.debug({ phase: name }, 'migration phase started');
    try {
      return await fn();
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      this.timings[name] = ms;
      this.options.logger.info({ phase: name, duration_ms: ms }, 'migration phase finished');
    }
  }

  tick(phase: string, done: number, total: number): void {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const { tty } = this.options;
    if (tty) {
      const width = Math.max(10, Math.min(40, (tty.columns ?? 80) - 40));
      const filled = Math.round((percent / 100) * width);
      tty.write(`\r${phase} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${percent}%${done === total ? '\n' : ''}`);
      return;
    }
    const step = Math.floor(percent / 10);
    if (step === this.lastStep && done !== total) return;
    this.lastStep = done === total ? -1 : step;
    this.options.logger.info({ phase, done, total, percent }, 'migration progress');
  }
}
