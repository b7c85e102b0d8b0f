/**
 * 50 MB through blocks vs the same bytes inline, as a client sees it: the SDK
 * v2 client (2026-07-28) calls `big_result` and ends holding the whole result
 * as an object. Blocks: the call returns a preview and a resource_link, the
 * client reads every block with resources/read (following `_meta.next`),
 * joins them and parses the JSON. Inline: the same service with
 * MCP_LARGE_RESULT_BYTES above the payload, so the call answers it whole.
 */
import { createHash } from 'node:crypto';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { makePayload } from './echo.mjs';
import { API_KEY, TRACEPARENT } from './requests.mjs';

/** The SDK v2 client, pinned to 2026-07-28, counting response bytes. */
export async function connectClient(mcpUrl) {
  const wire = { bytes: 0 };
  const countingFetch = async (input, init) => {
    const res = await fetch(input, init);
    wire.bytes += Number(res.headers.get('content-length') ?? 0);
    return res;
  };
  const client = new Client({ name: 'mcp-bench-large', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mcpUrl), {
      fetch: countingFetch,
      requestInit: { headers: { authorization: `Bearer ${API_KEY}`, traceparent: TRACEPARENT } },
    }),
  );
  return { client, wire };
}

const callOptions = { timeout: 300_000 };

/** Fetches the result through blocks; `parallel` > 1 reads that many blocks at a time by index. */
export async function fetchViaBlocks({ client, wire }, bytes, { parallel = 1 } = {}) {
  wire.bytes = 0;
  const started = performance.now();
  const r = await client.callTool({ name: 'big_result', arguments: { bytes } }, callOptions);
  const envelope = r.structuredContent;
  if (!envelope?.truncated) throw new Error(`blocks: the result was not handed out in blocks: ${JSON.stringify(r).slice(0, 300)}`);
  const { uri, blockCount } = envelope.resource;
  const parts = new Array(blockCount);
  if (parallel <= 1) {
    let next = `${uri}/0`;
    for (let i = 0; next; i++) {
      const read = await client.readResource({ uri: next }, callOptions);
      parts[i] = read.contents[0].text;
      next = read.contents[0]._meta?.next;
    }
  } else {
    let index = 0;
    await Promise.all(
      Array.from({ length: Math.min(parallel, blockCount) }, async () => {
        while (index < blockCount) {
          const i = index++;
          parts[i] = (await client.readResource({ uri: `${uri}/${i}` }, callOptions)).contents[0].text;
        }
      }),
    );
  }
  const text = parts.join('');
  const result = JSON.parse(text);
  const ms = performance.now() - started;
  return { ms, result, text, blockCount, sha256: envelope.resource.sha256, wireBytes: wire.bytes };
}

export async function fetchInline({ client, wire }, bytes) {
  wire.bytes = 0;
  const started = performance.now();
  const r = await client.callTool({ name: 'big_result', arguments: { bytes } }, callOptions);
  const ms = performance.now() - started;
  if (r.structuredContent?.truncated) throw new Error('inline: the result was handed out in blocks');
  return { ms, result: r.structuredContent, wireBytes: wire.bytes };
}

/** Checks, outside the timed part, that the client got the payload byte for byte. */
export function verify(result, bytes, expectedSha) {
  const text = JSON.stringify(result);
  const sha = createHash('sha256').update(text, 'utf8').digest('hex');
  if (result?.data?.length === undefined || Buffer.byteLength(result.data) !== bytes)
    throw new Error(`payload has ${Buffer.byteLength(result?.data ?? '')} bytes, expected ${bytes}`);
  if (expectedSha && sha !== expectedSha) throw new Error('payload sha256 differs from the block envelope');
  if (result.data !== expectedPayload(bytes)) throw new Error('payload differs from the expected bytes');
}

let cached;
function expectedPayload(bytes) {
  if (cached?.bytes !== bytes) cached = { bytes, text: makePayload(bytes) };
  return cached.text;
}
