/** Large-result block store: chunking, storage engines and the resources/read logic. */
import { MemoryBlockStore } from './memory-store.js';
import { RedisBlockStore } from './redis-store.js';
import type { BlockStore } from './store.js';

export { splitUtf8 } from './chunking.js';
export {
  BlobTooLargeError,
  BlockNotFoundError,
  INVALID_PARAMS_CODE,
  InvalidBlockUriError,
  RESOURCE_NOT_FOUND_CODE,
} from './errors.js';
export {
  type BlockContents,
  type BlockUriParts,
  createLargeResultHandler,
  DEFAULT_BLOCK_URI_SCHEME,
  type LargeResultHandler,
  type LargeResultHandlerOptions,
  type OffloadOptions,
  type OffloadResult,
  parseBlockUri,
  type ResourceLink,
} from './large-results.js';
export { MemoryBlockStore, type MemoryBlockStoreOptions } from './memory-store.js';
export { DEFAULT_BLOCK_KEY_PREFIX, RedisBlockStore, type RedisBlockStoreOptions } from './redis-store.js';
export type { BlobMeta, BlockStore, BlockStoreStats } from './store.js';

export interface CreateBlockStoreOptions {
  /** REDIS_URL: when set, blocks are shared by all replicas through Redis. */
  redisUrl?: string;
  /** Byte cap of the in-memory store (unused with Redis, which has its own maxmemory). */
  maxBytes: number;
  /** Redis key prefix (default `mcp:blocks:`). */
  keyPrefix?: string;
  onError?: (error: Error) => void;
}

/** Redis when a URL is configured, otherwise an in-process store. */
export function createBlockStore(options: CreateBlockStoreOptions): BlockStore {
  if (options.redisUrl) {
    return new RedisBlockStore({
      url: options.redisUrl,
      ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
  }
  return new MemoryBlockStore({ maxBytes: options.maxBytes });
}
