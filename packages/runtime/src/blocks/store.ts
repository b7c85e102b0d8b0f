/** Storage of large tool results, split into UTF-8 blocks, each blob with a TTL. */

export interface BlobMeta {
  /** UTF-8 bytes of the whole result. */
  totalBytes: number;
  blockCount: number;
  /** Maximum bytes per block (a block holding one wide character may exceed it when this is < 4). */
  blockBytes: number;
  mimeType: string;
  /** Hex SHA-256 of the whole result's UTF-8 bytes, so a client can verify reassembly. */
  sha256: string;
  /** ISO-8601 time of the put. */
  createdAt: string;
  /** Tool whose result this is. */
  tool?: string;
}

export interface BlockStoreStats {
  /** UTF-8 bytes of the blocks held (for Redis: written by this process and not yet expired). */
  bytes: number;
  entries: number;
}

export interface BlockStore {
  /** Stores all blocks of a blob; replaces any blob with the same id. */
  put(id: string, blocks: string[], meta: BlobMeta, ttlSeconds: number): Promise<void>;
  /** One block, or undefined when the blob or index is unknown or expired. */
  getBlock(id: string, index: number): Promise<string | undefined>;
  getMeta(id: string): Promise<BlobMeta | undefined>;
  delete(id: string): Promise<void>;
  close(): Promise<void>;
  stats(): BlockStoreStats;
}

/** Shared argument checks, so both engines reject the same inputs the same way. */
export function assertTtl(ttlSeconds: number): void {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  }
}

export function assertBlocksMatchMeta(blocks: string[], meta: BlobMeta): void {
  if (blocks.length !== meta.blockCount) {
    throw new RangeError(`meta.blockCount is ${meta.blockCount} but ${blocks.length} blocks were given`);
  }
}

/** UTF-8 bytes of a set of blocks (native, no per-char JS loop). */
export function blocksByteLength(blocks: string[]): number {
  let bytes = 0;
  for (const block of blocks) bytes += Buffer.byteLength(block, 'utf8');
  return bytes;
}
