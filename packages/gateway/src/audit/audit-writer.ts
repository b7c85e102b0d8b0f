import type { AuditEntry, AuditStore } from '../governance/types.js';

export interface AuditWriterOptions {
  /** Entries waiting for the store; beyond it, appenders wait (backpressure). */
  capacity?: number;
  /** Rows per INSERT. */
  batchSize?: number;
  onWriteFailure?: (error: unknown, rows: number) => void;
}

interface Pending {
  entry: AuditEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Batches audit rows into the store. Nothing is ever dropped: `append`
 * resolves once its row is committed and rejects if its batch failed, so the
 * caller can fail closed; when the queue is full, `append` waits for room
 * instead of discarding. One batch is in flight at a time, so batches grow
 * by themselves under load.
 */
export class AuditWriter {
  private readonly capacity: number;
  private readonly batchSize: number;
  private queue: Pending[] = [];
  private readonly waitingForRoom: (() => void)[] = [];
  private flushing = false;
  private lastFailure: unknown;
  written = 0;
  failures = 0;

  constructor(
    private readonly store: AuditStore,
    private readonly options: AuditWriterOptions = {},
  ) {
    this.capacity = options.capacity ?? 10_000;
    this.batchSize = options.batchSize ?? 500;
  }

  /** False after a failed batch, until a later one commits. */
  get healthy(): boolean {
    return this.lastFailure === undefined;
  }

  get lastError(): string | undefined {
    return this.lastFailure === undefined ? undefined : this.lastFailure instanceof Error ? this.lastFailure.message : String(this.lastFailure);
  }

  get depth(): number {
    return this.queue.length;
  }

  async append(entry: AuditEntry): Promise<void> {
    while (this.queue.length >= this.capacity) await new Promise<void>((r) => this.waitingForRoom.push(r));
    const done = new Promise<void>((resolve, reject) => this.queue.push({ entry, resolve, reject }));
    if (!this.flushing) void this.flush();
    return done;
  }

  /** Resolves when everything queued so far has been attempted. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) await new Promise((r) => setTimeout(r, 5));
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      // Let appenders of the same tick join the first batch.
      await new Promise((r) => setImmediate(r));
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.batchSize);
        for (let i = 0; i < batch.length && this.waitingForRoom.length > 0; i++) this.waitingForRoom.shift()?.();
        try {
          await this.store.appendAudit(batch.map((p) => p.entry));
          this.written += batch.length;
          this.lastFailure = undefined;
          for (const p of batch) p.resolve();
        } catch (error) {
          this.failures += 1;
          this.lastFailure = error;
          this.options.onWriteFailure?.(error, batch.length);
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
