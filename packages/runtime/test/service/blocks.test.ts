import { createHash } from 'node:crypto';
import { connectHttp } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { createFixtureService, makePayload } from './fixture.js';

const service = createFixtureService({ MCP_LARGE_RESULT_BYTES: '65536', MCP_BLOCK_BYTES: '4194304' });
let server: RunningServer;

beforeAll(async () => {
  server = await service.start({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await service.stop();
});

describe('large results through blocks', () => {
  it('a small result stays inline', async () => {
    const client = await connectHttp(server.url);
    const r = await client.callTool({ name: 'big_result', arguments: { bytes: 1000 } });
    expect((r.structuredContent as { data: string }).data).toBe(makePayload(1000));
    await client.close();
  });

  it('a 50 MB result comes back whole, byte for byte, block by block', async () => {
    const bytes = 50 * 1024 * 1024;
    // The expected payload is built after the exchanges: building it blocks this process (client and
    // server) for seconds, longer than the server's 5 s keep-alive on the pooled socket the previous
    // test left idle, and reusing that socket then fails with ECONNRESET.
    const client = await connectHttp(server.url);
    // Generous SDK timeouts: on a loaded 2-core CI machine building 50 MB takes a while.
    const r = await client.callTool({ name: 'big_result', arguments: { bytes } }, { timeout: 120_000 });
    expect(r.isError).toBeFalsy();
    const envelope = r.structuredContent as {
      truncated: boolean;
      preview: string;
      resource: { uri: string; blockCount: number; totalBytes: number; sha256: string };
    };
    expect(envelope.truncated).toBe(true);
    const link = (r.content as Array<{ type: string; uri?: string }>).find((c) => c.type === 'resource_link');
    expect(link?.uri).toBe(envelope.resource.uri);

    const parts: Buffer[] = [];
    let uri: string | undefined = `${envelope.resource.uri}/0`;
    let reads = 0;
    while (uri) {
      const read = await client.readResource({ uri }, { timeout: 60_000 });
      const content = read.contents[0] as { text: string; _meta?: { next?: string } };
      parts.push(Buffer.from(content.text, 'utf8'));
      uri = content._meta?.next;
      reads += 1;
    }
    expect(reads).toBe(envelope.resource.blockCount);
    await client.close();
    const expected = JSON.stringify({ data: makePayload(bytes) });
    expect(expected.startsWith(envelope.preview)).toBe(true);
    expect(envelope.resource.totalBytes).toBe(Buffer.byteLength(expected));
    const whole = Buffer.concat(parts);
    expect(whole.length).toBe(Buffer.byteLength(expected));
    expect(createHash('sha256').update(whole).digest('hex')).toBe(envelope.resource.sha256);
    expect(whole.equals(Buffer.from(expected, 'utf8'))).toBe(true);
  }, 240_000);

  it('an unknown block id is a clear resources/read error', async () => {
    const client = await connectHttp(server.url);
    await expect(client.readResource({ uri: 'mcp-blocks://does-not-exist/0' })).rejects.toThrow(/expired or unknown/);
    await client.close();
  });
});
