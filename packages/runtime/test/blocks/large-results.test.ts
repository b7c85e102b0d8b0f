import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BlockNotFoundError, InvalidBlockUriError } from '../../src/blocks/errors.js';
import { createBlockStore, MemoryBlockStore } from '../../src/blocks/index.js';
import { createLargeResultHandler, parseBlockUri } from '../../src/blocks/large-results.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('large-result handler', () => {
  const stores: MemoryBlockStore[] = [];
  const setup = (overrides: { thresholdBytes?: number; blockBytes?: number; uriScheme?: string } = {}) => {
    const store = new MemoryBlockStore({ maxBytes: 10_000_000 });
    stores.push(store);
    const handler = createLargeResultHandler({
      store,
      thresholdBytes: 100,
      blockBytes: 32,
      ttlSeconds: 60,
      ...overrides,
    });
    return { store, handler };
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('keeps results at or under the threshold inline', async () => {
    const { handler, store } = setup();
    expect(await handler.maybeOffload('x'.repeat(100), { tool: 't' })).toEqual({ offloaded: false });
    // 50 × 'é' is 100 bytes: the threshold counts UTF-8 bytes, not characters.
    expect(await handler.maybeOffload('é'.repeat(50), { tool: 't' })).toEqual({ offloaded: false });
    expect(store.stats().entries).toBe(0);
  });

  it('offloads a result over the threshold with a preview and a resource_link', async () => {
    const { handler, store } = setup();
    const text = 'é'.repeat(51); // 102 bytes
    const result = await handler.maybeOffload(text, {
      tool: 'list_things',
      mimeType: 'application/json',
      previewChars: 10,
    });
    if (!result.offloaded) throw new Error('expected offload');
    expect(result.id).toMatch(UUID);
    expect(result.uri).toBe(`mcp-blocks://${result.id}`);
    expect(result.preview).toBe('é'.repeat(10));
    expect(result.meta).toMatchObject({
      totalBytes: 102,
      blockCount: 4, // 32-byte blocks of 2-byte chars: 32 + 32 + 32 + 6
      blockBytes: 32,
      mimeType: 'application/json',
      sha256: createHash('sha256').update(Buffer.from(text)).digest('hex'),
      tool: 'list_things',
    });
    expect(Number.isNaN(Date.parse(result.meta.createdAt))).toBe(false);
    expect(result.link).toMatchObject({
      type: 'resource_link',
      uri: result.uri,
      name: `list_things-result-${result.id}`,
      mimeType: 'application/json',
      size: 102,
    });
    expect(result.link.title).toContain('list_things');
    expect(result.link.description).toContain('4 blocks of up to 32 bytes');
    expect(result.link.description).toContain(`mcp-blocks://${result.id}/0 … mcp-blocks://${result.id}/3`);
    expect(result.link.description).toContain('resources/read');
    expect(store.stats()).toEqual({ bytes: 102, entries: 1 });
  });

  it('never ends a preview on half a surrogate pair and defaults its length', async () => {
    const { handler } = setup({ thresholdBytes: 10 });
    const result = await handler.maybeOffload('a😀'.repeat(20), { tool: 't', previewChars: 2 });
    expect(result.offloaded && result.preview).toBe('a');
    const byDefault = await handler.maybeOffload('b'.repeat(5_000), { tool: 't' });
    expect(byDefault.offloaded && byDefault.preview).toBe('b'.repeat(10)); // min(2000, threshold)
  });

  it('reads every block back, following next links, to the original bytes', async () => {
    const { handler } = setup({ blockBytes: 7 });
    const text = JSON.stringify({ rows: Array.from({ length: 40 }, (_, i) => `r${i}·€😀中`) });
    const result = await handler.maybeOffload(text, { tool: 't', mimeType: 'application/json' });
    if (!result.offloaded) throw new Error('expected offload');
    const { blockCount, totalBytes, sha256 } = result.meta;

    const parts: string[] = [];
    for (let index = 0; index < blockCount; index++) {
      const uri = `mcp-blocks://${result.id}/${index}`;
      const block = await handler.readBlock(uri);
      expect(block.uri).toBe(uri);
      expect(block.mimeType).toBe('application/json');
      expect(block._meta).toEqual({
        block: index,
        blockCount,
        totalBytes,
        sha256,
        ...(index < blockCount - 1 ? { next: `mcp-blocks://${result.id}/${index + 1}` } : {}),
      });
      parts.push(block.text);
    }
    const bytes = Buffer.concat(parts.map((p) => Buffer.from(p, 'utf8')));
    expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
  });

  it('treats the whole-blob URI as block 0', async () => {
    const { handler } = setup();
    const result = await handler.maybeOffload('z'.repeat(200), { tool: 't' });
    if (!result.offloaded) throw new Error('expected offload');
    const first = await handler.readBlock(result.uri);
    expect(first.uri).toBe(result.uri);
    expect(first.text).toBe('z'.repeat(32));
    expect(first._meta.block).toBe(0);
    expect(first._meta.next).toBe(`mcp-blocks://${result.id}/1`);
  });

  it('throws BlockNotFoundError for unknown, expired, deleted or out-of-range blocks', async () => {
    const { handler, store } = setup();
    await expect(handler.readBlock('mcp-blocks://00000000-0000-4000-8000-000000000000/0')).rejects.toThrow(BlockNotFoundError);
    await expect(handler.readBlock('mcp-blocks://unknown')).rejects.toThrow(/expired or unknown; call the tool again/);

    const result = await handler.maybeOffload('q'.repeat(200), { tool: 't' });
    if (!result.offloaded) throw new Error('expected offload');
    const outOfRange = handler.readBlock(`${result.uri}/${result.meta.blockCount}`);
    await expect(outOfRange).rejects.toThrow(BlockNotFoundError);
    await expect(handler.readBlock(`${result.uri}/99`)).rejects.toThrow(/out of range: the result has blocks 0 to 6/);

    await store.delete(result.id);
    const error = await handler.readBlock(`${result.uri}/0`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockNotFoundError);
    expect(error).toMatchObject({ code: 'block_not_found', jsonRpcCode: -32002, uri: `${result.uri}/0` });
  });

  it('rejects URIs that are not block URIs', async () => {
    const { handler } = setup();
    for (const uri of ['https://x/0', 'mcp-blocks://', 'mcp-blocks://id/-1', 'mcp-blocks://id/01', 'mcp-blocks://a/b/c', 'mcp-blocks://id{x}/0']) {
      await expect(handler.readBlock(uri)).rejects.toThrow(InvalidBlockUriError);
    }
  });

  it('honours a custom URI scheme', async () => {
    const { handler } = setup({ uriScheme: 'big-result' });
    const result = await handler.maybeOffload('w'.repeat(101), { tool: 't' });
    if (!result.offloaded) throw new Error('expected offload');
    expect(result.uri).toBe(`big-result://${result.id}`);
    expect((await handler.readBlock(`big-result://${result.id}/3`))._meta.next).toBeUndefined();
    await expect(handler.readBlock(`mcp-blocks://${result.id}/0`)).rejects.toThrow(InvalidBlockUriError);
    expect(() => setup({ uriScheme: 'Bad Scheme' })).toThrow(RangeError);
  });

  it('validates its options', () => {
    expect(() => setup({ blockBytes: 0 })).toThrow(/blockBytes/);
    expect(() => setup({ thresholdBytes: -1 })).toThrow(/thresholdBytes/);
  });
});

describe('parseBlockUri', () => {
  it('parses whole-blob and block URIs', () => {
    expect(parseBlockUri('mcp-blocks://abc-123')).toEqual({ id: 'abc-123', index: 0 });
    expect(parseBlockUri('mcp-blocks://abc-123/0')).toEqual({ id: 'abc-123', index: 0 });
    expect(parseBlockUri('mcp-blocks://abc-123/42')).toEqual({ id: 'abc-123', index: 42 });
    expect(parseBlockUri('other://abc/1', 'other')).toEqual({ id: 'abc', index: 1 });
  });

  it('returns undefined for anything else', () => {
    for (const uri of ['', 'mcp-blocks:/abc', 'other://abc/1', 'mcp-blocks://abc/', 'mcp-blocks://abc/1.5', 'mcp-blocks://a:b/1']) {
      expect(parseBlockUri(uri)).toBeUndefined();
    }
  });
});

describe('createBlockStore', () => {
  it('returns an in-memory store without a Redis URL', async () => {
    const store = createBlockStore({ maxBytes: 100 });
    expect(store).toBeInstanceOf(MemoryBlockStore);
    await store.close();
  });
});
