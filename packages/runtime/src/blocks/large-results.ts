/**
 * Large tool results: past a byte threshold a result is stored in blocks and the
 * tool returns a preview plus a `resource_link`; the client then reads the blocks
 * with `resources/read`. This module is the protocol-free half: the MCP wiring
 * calls maybeOffload() from the tool path and readBlock() from resources/read.
 */
import { createHash, randomUUID } from 'node:crypto';
import { splitUtf8 } from './chunking.js';
import { BlockNotFoundError, InvalidBlockUriError } from './errors.js';
import type { BlobMeta, BlockStore } from './store.js';

export const DEFAULT_BLOCK_URI_SCHEME = 'mcp-blocks';
const DEFAULT_PREVIEW_CHARS = 2_000;

export interface LargeResultHandlerOptions {
  store: BlockStore;
  /** Results whose UTF-8 size exceeds this are offloaded (MCP_LARGE_RESULT_BYTES). */
  thresholdBytes: number;
  /** Maximum UTF-8 bytes per block. */
  blockBytes: number;
  ttlSeconds: number;
  uriScheme?: string;
}

export interface OffloadOptions {
  tool: string;
  mimeType?: string;
  /** Characters of the preview; default min(2000, thresholdBytes). */
  previewChars?: number;
}

export interface ResourceLink {
  type: 'resource_link';
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType: string;
  size: number;
}

export type OffloadResult = { offloaded: false } | { offloaded: true; id: string; uri: string; meta: BlobMeta; preview: string; link: ResourceLink };

export interface BlockContents {
  uri: string;
  mimeType: string;
  text: string;
  _meta: { block: number; blockCount: number; totalBytes: number; sha256: string; next?: string };
}

export interface BlockUriParts {
  id: string;
  /** 0-based; the whole-blob URI (no index) means block 0. */
  index: number;
}

export interface LargeResultHandler {
  readonly uriScheme: string;
  readonly thresholdBytes: number;
  readonly blockBytes: number;
  maybeOffload(text: string, options: OffloadOptions): Promise<OffloadResult>;
  readBlock(uri: string): Promise<BlockContents>;
  /** parseBlockUri bound to this handler's scheme. */
  parseBlockUri(uri: string): BlockUriParts | undefined;
  blockUri(id: string, index: number): string;
}

const SCHEME_PATTERN = /^[a-z][a-z0-9+.-]*$/;
// `<id>` or `<id>/<n>`; the id alphabet matches what the stores accept as a key part.
const PATH_PATTERN = /^([A-Za-z0-9_-]{1,128})(?:\/(0|[1-9][0-9]{0,8}))?$/;

/** Parses `scheme://<id>` or `scheme://<id>/<n>`; undefined when it is not a block URI. */
export function parseBlockUri(uri: string, scheme: string = DEFAULT_BLOCK_URI_SCHEME): BlockUriParts | undefined {
  const prefix = `${scheme}://`;
  if (!uri.startsWith(prefix)) return undefined;
  const match = PATH_PATTERN.exec(uri.slice(prefix.length));
  const [, id, index] = match ?? [];
  if (id === undefined) return undefined;
  return { id, index: index === undefined ? 0 : Number(index) };
}

export function createLargeResultHandler(options: LargeResultHandlerOptions): LargeResultHandler {
  const { store, thresholdBytes, blockBytes, ttlSeconds } = options;
  const scheme = options.uriScheme ?? DEFAULT_BLOCK_URI_SCHEME;
  if (!SCHEME_PATTERN.test(scheme)) throw new RangeError(`Invalid URI scheme: ${scheme}`);
  if (!Number.isSafeInteger(thresholdBytes) || thresholdBytes < 0) {
    throw new RangeError(`thresholdBytes must be a non-negative integer, got ${thresholdBytes}`);
  }
  if (!Number.isSafeInteger(blockBytes) || blockBytes < 1) {
    throw new RangeError(`blockBytes must be a positive integer, got ${blockBytes}`);
  }
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  }

  const wholeUri = (id: string): string => `${scheme}://${id}`;
  const blockUri = (id: string, index: number): string => `${scheme}://${id}/${index}`;

  async function maybeOffload(text: string, opts: OffloadOptions): Promise<OffloadResult> {
    const totalBytes = Buffer.byteLength(text, 'utf8');
    if (totalBytes <= thresholdBytes) return { offloaded: false };

    const blocks = splitUtf8(text, blockBytes);
    const id = randomUUID();
    const mimeType = opts.mimeType ?? 'text/plain';
    const meta: BlobMeta = {
      totalBytes,
      blockCount: blocks.length,
      blockBytes,
      mimeType,
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      createdAt: new Date().toISOString(),
      tool: opts.tool,
    };
    await store.put(id, blocks, meta, ttlSeconds);

    const uri = wholeUri(id);
    const last = blocks.length - 1;
    const link: ResourceLink = {
      type: 'resource_link',
      uri,
      name: `${opts.tool}-result-${id}`,
      title: `Full result of ${opts.tool} (${totalBytes} bytes)`,
      description:
        `The result of ${opts.tool} is ${totalBytes} bytes, too large to inline; the text shown is a preview. ` +
        `It is stored as ${blocks.length} blocks of up to ${blockBytes} bytes: read ${blockUri(id, 0)} … ${blockUri(id, last)} ` +
        `with resources/read (each block's _meta.next names the next one). Expires ${ttlSeconds} s after the call.`,
      mimeType,
      size: totalBytes,
    };
    const previewChars = opts.previewChars ?? Math.min(DEFAULT_PREVIEW_CHARS, thresholdBytes);
    return { offloaded: true, id, uri, meta, preview: previewOf(text, previewChars), link };
  }

  async function readBlock(uri: string): Promise<BlockContents> {
    const parts = parseBlockUri(uri, scheme);
    if (!parts) throw new InvalidBlockUriError(uri, `${scheme}://<id> or ${scheme}://<id>/<block index>`);
    const meta = await store.getMeta(parts.id);
    if (!meta) throw new BlockNotFoundError(uri, 'is expired or unknown');
    if (parts.index >= meta.blockCount) {
      throw new BlockNotFoundError(uri, `is out of range: the result has blocks 0 to ${meta.blockCount - 1}`);
    }
    const text = await store.getBlock(parts.id, parts.index);
    // The meta and the block expire together, but a read can straddle that moment.
    if (text === undefined) throw new BlockNotFoundError(uri, 'is expired or unknown');
    const next = parts.index + 1 < meta.blockCount ? blockUri(parts.id, parts.index + 1) : undefined;
    return {
      uri,
      mimeType: meta.mimeType,
      text,
      _meta: {
        block: parts.index,
        blockCount: meta.blockCount,
        totalBytes: meta.totalBytes,
        sha256: meta.sha256,
        ...(next === undefined ? {} : { next }),
      },
    };
  }

  return {
    uriScheme: scheme,
    thresholdBytes,
    blockBytes,
    maybeOffload,
    readBlock,
    parseBlockUri: (uri) => parseBlockUri(uri, scheme),
    blockUri,
  };
}

/** The first `chars` UTF-16 units, without leaving half a surrogate pair at the end. */
function previewOf(text: string, chars: number): string {
  const preview = text.slice(0, Math.max(0, chars));
  const lastCode = preview.charCodeAt(preview.length - 1);
  return lastCode >= 0xd800 && lastCode <= 0xdbff ? preview.slice(0, -1) : preview;
}
