import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSse } from '../../src/backends/sse-reader.js';

async function events(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSse(Readable.from(chunks.map((c) => Buffer.from(c))))) out.push(data);
  return out;
}

describe('readSse', () => {
  it('yields the data of message events, across chunk boundaries and line-end styles', async () => {
    expect(await events(['event: message\ndata: {"a":1}\n\n', 'data: {"b"', ':2}\r\n\r\n', 'data: x\rdata: y\r\r'])).toEqual(['{"a":1}', '{"b":2}', 'x\ny']);
  });

  it('skips comments, other event names, ids, and events without data; keeps a value without the optional space', async () => {
    expect(await events([': keep-alive\n\n', 'id: 7\nevent: ping\ndata: nope\n\n', 'id: 8\n\n', 'data:tight\n\n'])).toEqual(['tight']);
  });

  it('splits a CRLF across chunks without an empty line between', async () => {
    expect(await events(['data: one\r', '\ndata: two\r', '\n\r', '\n'])).toEqual(['one\ntwo']);
  });

  it('drops an unterminated last event, as an event source does', async () => {
    expect(await events(['data: done\n\n', 'data: partial'])).toEqual(['done']);
  });
});
