import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { splitUtf8 } from '../../src/blocks/chunking.js';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Checks every invariant of a split: byte-exact, maximal blocks, only whole characters. */
function expectValidSplit(text: string, blockBytes: number): string[] {
  const blocks = splitUtf8(text, blockBytes);
  expect(Buffer.concat(blocks.map(utf8)).equals(utf8(text))).toBe(true);
  blocks.forEach((block, i) => {
    const bytes = utf8(block).length;
    expect(bytes).toBeGreaterThan(0);
    // A block never decodes a cut sequence (which would show as U+FFFD) ...
    expect(block.includes('\uFFFD')).toBe(false);
    // ... nor holds half a surrogate pair at either edge.
    expect(block.charCodeAt(0) >= 0xdc00 && block.charCodeAt(0) <= 0xdfff).toBe(false);
    const lastCode = block.charCodeAt(block.length - 1);
    expect(lastCode >= 0xd800 && lastCode <= 0xdbff).toBe(false);
    if (bytes > blockBytes) {
      // Only allowed for one character wider than the block size.
      expect([...block]).toHaveLength(1);
    }
    const next = blocks[i + 1];
    if (next !== undefined) {
      // Greedy: the next character would not have fitted.
      const firstOfNext = [...next][0] ?? '';
      expect(bytes + utf8(firstOfNext).length).toBeGreaterThan(blockBytes);
    }
  });
  return blocks;
}

describe('splitUtf8', () => {
  it('splits ASCII into exact block sizes', () => {
    const blocks = expectValidSplit('abcdefghij', 3);
    expect(blocks).toEqual(['abc', 'def', 'ghi', 'j']);
  });

  it('returns no blocks for an empty string and one block when it fits', () => {
    expect(splitUtf8('', 4)).toEqual([]);
    expect(splitUtf8('héllo', 100)).toEqual(['héllo']);
  });

  it('rejects a non-positive or fractional block size', () => {
    expect(() => splitUtf8('x', 0)).toThrow(RangeError);
    expect(() => splitUtf8('x', 1.5)).toThrow(RangeError);
    expect(() => splitUtf8('x', Number.NaN)).toThrow(RangeError);
  });

  it('puts a 4-byte character whole into its own block when blocks are smaller', () => {
    expect(splitUtf8('😀', 1)).toEqual(['😀']);
    expect(splitUtf8('a😀b', 2)).toEqual(['a', '😀', 'b']);
    expect(splitUtf8('€€', 1)).toEqual(['€', '€']);
  });

  it('round-trips 1/2/3/4-byte characters with a boundary at every position', () => {
    // 1-byte, 2-byte (é, ß), 3-byte (€, 中, BOM-like U+FEFF), 4-byte (emoji, 𝄞), ZWJ sequence.
    const unit = 'aé€😀b中ß𝄞\uFEFF👩‍👩‍👧z';
    for (let blockBytes = 1; blockBytes <= 8; blockBytes++) {
      // Shifting the start by every code point moves each boundary over every byte position.
      const codePoints = [...unit.repeat(3)];
      for (let shift = 0; shift < codePoints.length; shift++) {
        expectValidSplit(codePoints.slice(shift).join(''), blockBytes);
      }
    }
  });

  it('round-trips larger block sizes over a long mixed string', () => {
    const text = 'ascii 中文 🎉 émoji 𝄞 '.repeat(500);
    for (const blockBytes of [13, 64, 1000, 4096]) expectValidSplit(text, blockBytes);
  });

  it('encodes a lone surrogate as U+FFFD, exactly as Buffer does', () => {
    const text = `ab\uD800cd`;
    const blocks = splitUtf8(text, 2);
    expect(Buffer.concat(blocks.map(utf8)).equals(utf8(text))).toBe(true);
  });

  it.each([
    ['mixed UTF-8', 'The quick brown fox — 中文 — 😀 jumps\n'],
    ['ASCII', '{"id":12345,"name":"quick brown fox","tags":["a","b"]}\n'],
  ])('splits a 50 MB %s string quickly and round-trips it', (label, unit) => {
    const text = unit.repeat(Math.ceil((50 * 1024 * 1024) / utf8(unit).length));
    const totalBytes = Buffer.byteLength(text, 'utf8');
    const blockBytes = 64 * 1024;

    const started = performance.now();
    const blocks = splitUtf8(text, blockBytes);
    const elapsedMs = performance.now() - started;
    console.log(
      `splitUtf8 (${label}): ${(totalBytes / 1024 / 1024).toFixed(1)} MB into ${blocks.length} blocks of ${blockBytes} B in ${elapsedMs.toFixed(1)} ms`,
    );

    expect(blocks.join('')).toBe(text);
    let sum = 0;
    for (const block of blocks) {
      const bytes = Buffer.byteLength(block, 'utf8');
      expect(bytes).toBeLessThanOrEqual(blockBytes);
      sum += bytes;
    }
    expect(sum).toBe(totalBytes);
  });
});
