/**
 * In-process block store: for a single replica, or when no REDIS_URL is set.
 * Bounded by a total byte cap (oldest blobs evicted first) and a TTL per blob.
 */
import { BlobTooLargeError } from './errors.js';
import { assertBlocksMatchMeta, assertTtl, type BlobMeta, type BlockStore, type BlockStoreStats, blocksByteLength } from './store.js';

export interface MemoryBlockStoreOptions {
  /** Cap on the UTF-8 bytes of all blocks held. */
  maxBytes: number;
  /** How often expired blobs are swept; default 30 s. Reads also drop expired blobs lazily. */
  sweepIntervalMs?: number;
  /** Clock, injectable for tests; default Date.now. */
  now?: () => number;
}

interface Entry {
  blocks: string[];
  meta: BlobMeta;
  bytes: number;
  expiresAt: number;
}

export class MemoryBlockStore implements BlockStore {
  readonly maxBytes: number;
  // A Map iterates in insertion order, so its first key is always the oldest blob.
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;
  private bytes = 0;
  private closed = false;

  constructor(options: MemoryBlockStoreOptions) {
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes <= 0) {
      throw new RangeError(`maxBytes must be a positive integer, got ${options.maxBytes}`);
    }
    this.maxBytes = options.maxBytes;
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 30_000);
    // The sweep is housekeeping only: it must never keep the process alive.
    this.sweeper.unref();
  }

  async put(id: string, blocks: string[], meta: BlobMeta, ttlSeconds: number): Promise<void> {
    this.assertOpen();
    assertTtl(ttlSeconds);
    assertBlocksMatchMeta(blocks, meta);
    const bytes = blocksByteLength(blocks);
    if (bytes > this.maxBytes) throw new BlobTooLargeError(bytes, this.maxBytes);

    this.remove(id); // a replaced blob must not count twice, and becomes the newest
    if (this.bytes + bytes > this.maxBytes) this.sweep();
    for (const oldest of this.entries.keys()) {
      if (this.bytes + bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
    this.entries.set(id, { blocks: [...blocks], meta: { ...meta }, bytes, expiresAt: this.now() + ttlSeconds * 1000 });
    this.bytes += bytes;
  }

  async getBlock(id: string, index: number): Promise<string | undefined> {
    return this.live(id)?.blocks[index];
  }

  async getMeta(id: string): Promise<BlobMeta | undefined> {
    const entry = this.live(id);
    return entry ? { ...entry.meta } : undefined;
  }

  async delete(id: string): Promise<void> {
    this.remove(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): BlockStoreStats {
    return { bytes: this.bytes, entries: this.entries.size };
  }

  /** Drops every expired blob; run by the timer and before evicting live blobs. */
  sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt <= now) this.remove(id);
    }
  }

  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(id);
      return undefined;
    }
    return entry;
  }

  private remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.bytes;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('MemoryBlockStore is closed');
  }
}
