import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type StoredMemory, startHarness, textOf } from '../harness.js';

let h: Harness;
let ids: string[];
beforeEach(async () => {
  h = await startHarness();
  ids = [];
  for (const [content, kind, tags] of [
    ['The user prefers the Helix editor', 'preference', ['editor']],
    ['Vim is the fallback editor on servers', 'fact', ['editor', 'servers']],
    ['Lunch is usually at noon', 'fact', []],
  ] as const) {
    ids.push((await h.call<{ memory: StoredMemory }>('memory_store', { content, kind, tags })).memory.id);
  }
});
afterEach(async () => h.close());

describe('memory_search', () => {
  it('finds, ranks and snippets; filters by kind and tags; counts accesses', async () => {
    const result = await h.client.callTool({ name: 'memory_search', arguments: { query: 'editor' } });
    const out = result.structuredContent as { count: number; results: Array<StoredMemory & { snippet: string; score: number }> };
    expect(out.count).toBe(2);
    expect(out.results.every((r) => r.snippet.includes('**editor**'))).toBe(true);
    expect(out.results[0]!.access_count).toBe(1);
    expect(textOf(result)).toMatch(/2 memories in user:42, best first/);
    expect((await h.call<typeof out>('memory_search', { query: 'editor', kind: 'preference' })).results.map((r) => r.id)).toEqual([ids[0]]);
    expect((await h.call<typeof out>('memory_search', { query: 'editor', tags: ['Servers'] })).results.map((r) => r.id)).toEqual([ids[1]]);
    expect((await h.call<typeof out>('memory_search', { query: 'editor', namespace: 'user:7' })).count).toBe(0);
  });

  it('never fails on FTS syntax, and bounds the limit', async () => {
    for (const query of ['"unbalanced', 'NEAR(', 'a AND', '*', 'col:editor', '(((']) {
      await expect(h.call('memory_search', { query }), query).resolves.toMatchObject({ count: expect.any(Number) });
    }
    expect(await h.fail('memory_search', { query: 'x', limit: 51 })).toMatch(/limit/);
  });
});

describe('memory_get', () => {
  it('returns a memory and counts the access; unknown or malformed ids fail clearly', async () => {
    const { memory } = await h.call<{ memory: StoredMemory }>('memory_get', { id: ids[2] });
    expect(memory).toMatchObject({ content: 'Lunch is usually at noon', access_count: 1 });
    expect(await h.fail('memory_get', { id: '01HZZZZZZZZZZZZZZZZZZZZZZZ' })).toMatch(/No active memory has id/);
    expect(await h.fail('memory_get', { id: 'nope' })).toMatch(/ULID/);
  });
});

describe('memory_list', () => {
  it('pages newest first with a cursor and filters by tags', async () => {
    const page1 = await h.call<{ memories: StoredMemory[]; next_cursor: string | null }>('memory_list', { limit: 2 });
    expect(page1.memories.map((m) => m.id)).toEqual([ids[2], ids[1]]);
    const page2 = await h.call<typeof page1>('memory_list', { limit: 2, cursor: page1.next_cursor });
    expect(page2).toMatchObject({ memories: [{ id: ids[0] }], next_cursor: null });
    expect((await h.call<typeof page1>('memory_list', { tags: ['editor'] })).memories.length).toBe(2);
    expect(page1.memories[0]!.access_count).toBe(0);
  });
});
