/**
 * Redis block store (REDIS_URL): lets any gateway replica serve the blocks of a
 * result another replica produced. Every key carries the blob's TTL as EX, so
 * Redis itself does the expiry and nothing needs sweeping.
 *
 * Keys: `{prefix}{<id>}:meta` (JSON BlobMeta) and `{prefix}{<id>}:<n>` (block n).
 * The braces around the id are a Redis Cluster hash tag: all keys of one blob
 * land in the same slot, which MULTI and multi-key DEL require on a cluster.
 */
import type { Redis } from 'ioredis';
import { loadIoredis } from '../lazy/optional-modules.js';
import { assertBlocksMatchMeta, assertTtl, type BlobMeta, type BlockStore, type BlockStoreStats, blocksByteLength } from './store.js';

export const DEFAULT_BLOCK_KEY_PREFIX = 'mcp:blocks:';

export interface RedisBlockStoreOptions {
  /** redis:// or rediss:// URL; ignored when `client` is given. */
  url?: string;
  /** An existing connection; the store then leaves it open on close(). */
  client?: Redis;
  /** Prepended to every key (default `mcp:blocks:`); must not contain braces. */
  keyPrefix?: string;
  /** Connection errors; ioredis reconnects by itself, this is for logging. */
  onError?: (error: Error) => void;
}

// Ids end up inside keys and a hash tag: keep them to a safe alphabet.
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export class RedisBlockStore implements BlockStore {
  readonly keyPrefix: string;
  private readonly redis: Redis;
  private readonly ownsClient: boolean;
  // Redis cannot report per-prefix usage cheaply and stats() is synchronous,
  // so it reports what this process wrote that has not yet expired or been deleted.
  private readonly written = new Map<string, { bytes: number; expiresAt: number }>();

  constructor(options: RedisBlockStoreOptions) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_BLOCK_KEY_PREFIX;
    if (/[{}]/.test(this.keyPrefix)) {
      throw new RangeError(`keyPrefix must not contain braces (they would change the hash tag): ${this.keyPrefix}`);
    }
    if (options.client) {
      this.redis = options.client;
      this.ownsClient = false;
    } else {
      if (!options.url) throw new RangeError('RedisBlockStore needs a url or a client');
      // Few retries per command: a result read should fail fast, not hang while Redis is away.
      this.redis = new (loadIoredis().Redis)(options.url, { maxRetriesPerRequest: 3, connectTimeout: 5_000 });
      this.ownsClient = true;
    }
    // Without a listener ioredis prints every reconnect failure as an unhandled error.
    this.redis.on('error', (error: Error) => options.onError?.(error));
  }

  async put(id: string, blocks: string[], meta: BlobMeta, ttlSeconds: number): Promise<void> {
    assertId(id);
    assertTtl(ttlSeconds);
    assertBlocksMatchMeta(blocks, meta);
    const ttl = Math.max(1, Math.ceil(ttlSeconds)); // EX takes whole seconds
    // One MULTI: a reader never sees the meta without all of its blocks.
    const tx = this.redis.multi();
    for (const [n, block] of blocks.entries()) tx.set(this.blockKey(id, n), block, 'EX', ttl);
    tx.set(this.metaKey(id), JSON.stringify(meta), 'EX', ttl);
    const results = await tx.exec();
    if (!results) throw new Error(`Redis transaction for block blob ${id} was aborted`);
    for (const [error] of results) if (error) throw error;

    this.pruneWritten();
    this.written.set(id, { bytes: blocksByteLength(blocks), expiresAt: Date.now() + ttl * 1000 });
  }

  async getBlock(id: string, index: number): Promise<string | undefined> {
    if (!ID_PATTERN.test(id) || !Number.isSafeInteger(index) || index < 0) return undefined;
    return (await this.redis.get(this.blockKey(id, index))) ?? undefined;
  }

  async getMeta(id: string): Promise<BlobMeta | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const raw = await this.redis.get(this.metaKey(id));
    return raw === null ? undefined : (JSON.parse(raw) as BlobMeta);
  }

  async delete(id: string): Promise<void> {
    if (!ID_PATTERN.test(id)) return;
    this.written.delete(id);
    const meta = await this.getMeta(id);
    // Without the meta the block count is unknown; orphaned blocks expire by their own TTL.
    const keys = [this.metaKey(id)];
    for (let n = 0; n < (meta?.blockCount ?? 0); n++) keys.push(this.blockKey(id, n));
    await this.redis.del(...keys);
  }

  async close(): Promise<void> {
    this.written.clear();
    if (!this.ownsClient || this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      // quit fails when the connection is already down; disconnect is then enough
      this.redis.disconnect();
    }
  }

  stats(): BlockStoreStats {
    this.pruneWritten();
    let bytes = 0;
    for (const entry of this.written.values()) bytes += entry.bytes;
    return { bytes, entries: this.written.size };
  }

  private metaKey(id: string): string {
    return `${this.keyPrefix}{${id}}:meta`;
  }

  private blockKey(id: string, n: number): string {
    return `${this.keyPrefix}{${id}}:${n}`;
  }

  private pruneWritten(): void {
    const now = Date.now();
    for (const [id, entry] of this.written) if (entry.expiresAt <= now) this.written.delete(id);
  }
}

function assertId(id: string): void {
  if (!ID_PATTERN.test(id)) throw new RangeError(`Block blob id must match ${ID_PATTERN}, got ${JSON.stringify(id)}`);
}
