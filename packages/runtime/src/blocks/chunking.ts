/**
 * Splits text into blocks by UTF-8 byte size without ever cutting a character.
 *
 * Works on the encoded Buffer rather than walking JS chars: a boundary is only
 * ever moved back over UTF-8 continuation bytes (10xxxxxx), at most 3 bytes per
 * block, so the cost is one native encode plus one native decode per block.
 * A surrogate pair is a single 4-byte UTF-8 sequence, so it is never split either.
 *
 * Concatenating the blocks' UTF-8 bytes reproduces `Buffer.from(text, 'utf8')`
 * byte for byte. (A lone surrogate has no UTF-8 form; the encoder replaces it
 * with U+FFFD, as every UTF-8 transport would.)
 */
export function splitUtf8(text: string, blockBytes: number): string[] {
  if (!Number.isSafeInteger(blockBytes) || blockBytes < 1) {
    throw new RangeError(`blockBytes must be a positive integer, got ${blockBytes}`);
  }
  // Fast path: a string whose UTF-8 length equals its UTF-16 length is pure
  // ASCII (any other unit encodes to 2+ bytes), so bytes and chars coincide
  // and slicing the string directly skips the encode/decode round trip.
  if (Buffer.byteLength(text, 'utf8') === text.length) {
    const blocks: string[] = [];
    for (let i = 0; i < text.length; i += blockBytes) blocks.push(text.slice(i, i + blockBytes));
    return blocks;
  }
  const buf = Buffer.from(text, 'utf8');
  const blocks: string[] = [];
  let start = 0;
  while (start < buf.length) {
    const end = blockEnd(buf, start, blockBytes);
    blocks.push(buf.toString('utf8', start, end));
    start = end;
  }
  return blocks;
}

/** Byte offset where the block starting at `start` ends (exclusive). */
function blockEnd(buf: Buffer, start: number, blockBytes: number): number {
  let end = start + blockBytes;
  if (end >= buf.length) return buf.length;
  // Walk back to the lead byte of the character the limit falls inside.
  while (end > start && isContinuation(buf[end])) end--;
  if (end > start) return end;
  // The block size is smaller than this one character: give the whole
  // character its own (oversized) block so that splitting still progresses.
  end = start + 1;
  while (end < buf.length && isContinuation(buf[end])) end++;
  return end;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}
