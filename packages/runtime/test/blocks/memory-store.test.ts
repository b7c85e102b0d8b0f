import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlobTooLargeError } from '../../src/blocks/errors.js';
import { MemoryBlockStore } from '../../src/blocks/memory-store.js';
import type { BlobMeta } from '../../src/blocks/store.js';

function metaFor(blocks: string[]): BlobMeta {
  const totalBytes = blocks.reduce((n, b) => n + Buffer.byteLength(b), 0);
  return {
    totalBytes,
    blockCount: blocks.length,
    blockBytes: 10,
    mimeType: 'text/plain',
    sha256: 'x'.repeat(64),
    createdAt: new Date(0).toISOString(),
    tool: 'test_tool',
  };
}

describe('MemoryBlockStore', () => {
  const stores: MemoryBlockStore[] = [];
  const open = (maxBytes: number, extra: { sweepIntervalMs?: number; now?: () => number } = {}): MemoryBlockStore => {
    const store = new MemoryBlockStore({ maxBytes, ...extra });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('stores and returns blocks and meta, and deletes them', async () => {
    const store = open(1000);
    const blocks = ['hello ', 'wörld'];
    await store.put('a', blocks, metaFor(blocks), 60);
    expect(await store.getBlock('a', 0)).toBe('hello ');
    expect(await store.getBlock('a', 1)).toBe('wörld');
    expect(await store.getBlock('a', 2)).toBeUndefined();
    expect(await store.getMeta('a')).toEqual(metaFor(blocks));
    expect(store.stats()).toEqual({ bytes: 12, entries: 1 });
    await store.delete('a');
    expect(await store.getMeta('a')).toBeUndefined();
    expect(store.stats()).toEqual({ bytes: 0, entries: 0 });
  });

  it('expires entries lazily on read once their TTL has passed', async () => {
    let now = 1_000_000;
    const store = open(1000, { now: () => now });
    await store.put('a', ['x'], metaFor(['x']), 5);
    now += 4_999;
    expect(await store.getBlock('a', 0)).toBe('x');
    now += 1;
    expect(await store.getBlock('a', 0)).toBeUndefined();
    expect(await store.getMeta('a')).toBeUndefined();
    expect(store.stats()).toEqual({ bytes: 0, entries: 0 });
  });

  it('removes expired entries with the periodic sweep without any read', async () => {
    vi.useFakeTimers(); // fakes Date.now too, so the store's default clock follows
    const store = open(1000, { sweepIntervalMs: 1_000 });
    await store.put('short', ['abc'], metaFor(['abc']), 2);
    await store.put('long', ['de'], metaFor(['de']), 60);
    expect(store.stats()).toEqual({ bytes: 5, entries: 2 });
    vi.advanceTimersByTime(3_000);
    expect(store.stats()).toEqual({ bytes: 2, entries: 1 });
    expect(await store.getBlock('long', 0)).toBe('de');
  });

  it('evicts the oldest entries first when a put would exceed the byte cap', async () => {
    const store = open(10);
    await store.put('a', ['aaaa'], metaFor(['aaaa']), 60);
    await store.put('b', ['bbb'], metaFor(['bbb']), 60);
    await store.put('c', ['cc'], metaFor(['cc']), 60);
    expect(store.stats()).toEqual({ bytes: 9, entries: 3 });
    await store.put('d', ['dddd'], metaFor(['dddd']), 60); // needs 3 more bytes: evicts a (4)
    expect(await store.getMeta('a')).toBeUndefined();
    expect(await store.getBlock('b', 0)).toBe('bbb');
    expect(store.stats()).toEqual({ bytes: 9, entries: 3 });
    await store.put('e', ['eeeeeeee'], metaFor(['eeeeeeee']), 60); // evicts b, c, d
    expect(await store.getMeta('b')).toBeUndefined();
    expect(await store.getMeta('c')).toBeUndefined();
    expect(await store.getMeta('d')).toBeUndefined();
    expect(store.stats()).toEqual({ bytes: 8, entries: 1 });
  });

  it('counts the cap in UTF-8 bytes, not characters', async () => {
    const store = open(8);
    await store.put('a', ['😀'], metaFor(['😀']), 60);
    await store.put('b', ['😀😀'], metaFor(['😀😀']), 60);
    expect(await store.getMeta('a')).toBeUndefined();
    expect(store.stats()).toEqual({ bytes: 8, entries: 1 });
  });

  it('replacing an id does not double count and makes it the newest', async () => {
    const store = open(10);
    await store.put('a', ['aaaa'], metaFor(['aaaa']), 60);
    await store.put('b', ['bbbb'], metaFor(['bbbb']), 60);
    await store.put('a', ['AAAA'], metaFor(['AAAA']), 60);
    expect(store.stats()).toEqual({ bytes: 8, entries: 2 });
    await store.put('c', ['cc'], metaFor(['cc']), 60); // fits exactly
    await store.put('d', ['d'], metaFor(['d']), 60); // evicts b, the oldest now
    expect(await store.getMeta('b')).toBeUndefined();
    expect(await store.getBlock('a', 0)).toBe('AAAA');
  });

  it('rejects a single blob larger than the cap, keeping what it holds', async () => {
    const store = open(10);
    await store.put('a', ['aaaa'], metaFor(['aaaa']), 60);
    const blocks = ['123456', '78901'];
    await expect(store.put('big', blocks, metaFor(blocks), 60)).rejects.toThrow(BlobTooLargeError);
    await expect(store.put('big', blocks, metaFor(blocks), 60)).rejects.toThrow(/11 bytes exceeds .* 10 bytes/);
    expect(await store.getBlock('a', 0)).toBe('aaaa');
    expect(store.stats()).toEqual({ bytes: 4, entries: 1 });
  });

  it('prefers dropping expired entries over evicting live ones', async () => {
    let now = 0;
    const store = open(10, { now: () => now });
    await store.put('old-live', ['aaaa'], metaFor(['aaaa']), 100);
    await store.put('expired', ['bbbb'], metaFor(['bbbb']), 1);
    now = 2_000;
    await store.put('new', ['cccc'], metaFor(['cccc']), 100);
    expect(await store.getBlock('old-live', 0)).toBe('aaaa');
    expect(store.stats()).toEqual({ bytes: 8, entries: 2 });
  });

  it('validates its inputs', async () => {
    expect(() => new MemoryBlockStore({ maxBytes: 0 })).toThrow(RangeError);
    const store = open(10);
    await expect(store.put('a', ['x'], metaFor(['x']), 0)).rejects.toThrow(/ttlSeconds/);
    await expect(store.put('a', ['x', 'y'], metaFor(['x']), 10)).rejects.toThrow(/blockCount/);
    await store.close();
    await expect(store.put('a', ['x'], metaFor(['x']), 10)).rejects.toThrow(/closed/);
  });
});
