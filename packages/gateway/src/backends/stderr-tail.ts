import type { Logger } from '@mcp/runtime';

export interface StderrTailOptions {
  /** Lines kept for status messages (default 20). */
  keepLines?: number;
  /** Characters per line kept and logged (default 1,000). */
  maxLineChars?: number;
  /** Lines logged per window; the rest are counted, not logged (default 50). */
  logBudget?: number;
  windowMs?: number;
  now?: () => number;
}

/**
 * A child's stderr, bounded in every direction: a chatty or binary-spewing
 * process can neither grow the gateway's memory (partial lines are capped,
 * only the last lines are kept) nor flood its log (a per-window line budget;
 * what is over budget is reported as a count).
 */
export class StderrTail {
  private partial = '';
  private readonly lines: string[] = [];
  private windowStart = 0;
  private loggedInWindow = 0;
  private suppressed = 0;
  private readonly keep: number;
  private readonly maxChars: number;
  private readonly budget: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly logger: Logger,
    options: StderrTailOptions = {},
  ) {
    this.keep = options.keepLines ?? 20;
    this.maxChars = options.maxLineChars ?? 1_000;
    this.budget = options.logBudget ?? 50;
    this.windowMs = options.windowMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  push(chunk: Buffer | string): void {
    this.partial += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let newline = this.partial.indexOf('\n');
    while (newline !== -1) {
      this.line(this.partial.slice(0, newline));
      this.partial = this.partial.slice(newline + 1);
      newline = this.partial.indexOf('\n');
    }
    // A line that never ends is cut, not buffered forever.
    if (this.partial.length > this.maxChars * 4) {
      this.line(this.partial);
      this.partial = '';
    }
  }

  /** The last `n` lines, joined (for "process exited" messages). */
  last(n = 3): string {
    return this.lines.slice(-n).join(' | ');
  }

  private line(raw: string): void {
    const text = raw.replace(/\r$/, '');
    if (text.trim() === '') return;
    const line = text.length > this.maxChars ? `${text.slice(0, this.maxChars)}…` : text;
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.shift();
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0) this.logger.warn({ suppressed: this.suppressed }, 'backend stderr lines over the log budget were dropped');
      this.windowStart = now;
      this.loggedInWindow = 0;
      this.suppressed = 0;
    }
    if (this.loggedInWindow < this.budget) {
      this.loggedInWindow += 1;
      this.logger.info({ stderr: line }, 'backend stderr');
    } else {
      this.suppressed += 1;
    }
  }
}
