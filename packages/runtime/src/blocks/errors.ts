/**
 * Errors of the large-result block store. They are plain Errors, not ToolErrors:
 * they surface from `resources/read` (a JSON-RPC request), not from a tool call.
 * `jsonRpcCode` is what the MCP wiring should answer with.
 */

/** MCP's "Resource not found" JSON-RPC error code. */
export const RESOURCE_NOT_FOUND_CODE = -32002;
/** JSON-RPC "Invalid params". */
export const INVALID_PARAMS_CODE = -32602;

/** The blob expired, was evicted, never existed, or the block index is out of range. */
export class BlockNotFoundError extends Error {
  readonly code = 'block_not_found';
  readonly jsonRpcCode = RESOURCE_NOT_FOUND_CODE;
  readonly uri: string;

  constructor(uri: string, detail: string) {
    super(`Block ${uri} ${detail}; call the tool again to get a fresh result link.`);
    this.name = 'BlockNotFoundError';
    this.uri = uri;
  }
}

/** The URI is not a block URI of this handler (wrong scheme, bad id or index). */
export class InvalidBlockUriError extends Error {
  readonly code = 'invalid_block_uri';
  readonly jsonRpcCode = INVALID_PARAMS_CODE;
  readonly uri: string;

  constructor(uri: string, expected: string) {
    super(`Invalid block URI ${JSON.stringify(uri)}: expected ${expected}.`);
    this.name = 'InvalidBlockUriError';
    this.uri = uri;
  }
}

/** A single blob is larger than the whole store may hold. */
export class BlobTooLargeError extends Error {
  readonly code = 'blob_too_large';
  readonly bytes: number;
  readonly maxBytes: number;

  constructor(bytes: number, maxBytes: number) {
    super(
      `Result of ${bytes} bytes exceeds the block store capacity of ${maxBytes} bytes; ` + 'narrow the request (filters, pagination) or raise the store limit.',
    );
    this.name = 'BlobTooLargeError';
    this.bytes = bytes;
    this.maxBytes = maxBytes;
  }
}
