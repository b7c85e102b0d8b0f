import { connectInProcess, type ProtocolGeneration } from '@mcp/testing';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConformanceFixture } from '../src/server.js';

const service = createConformanceFixture({ LOG_LEVEL: 'silent' });
let client: Awaited<ReturnType<typeof connectInProcess>>;

beforeAll(async () => {
  client = await connectInProcess(service);
});
afterAll(async () => {
  await client.close();
  await service.stop();
});

/** A client that answers elicitation and sampling, as the conformance client does. */
async function interactiveClient(protocol: ProtocolGeneration) {
  const c = new Client(
    { name: 'fixture-test', version: '1.0.0' },
    {
      capabilities: { elicitation: { form: {} }, sampling: {} },
      ...(protocol === 'modern' && { versionNegotiation: { mode: { pin: '2026-07-28' } } }),
    },
  );
  c.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { username: 'ada', email: 'ada@example.com' } }));
  c.setRequestHandler('sampling/createMessage', async () => ({ role: 'assistant', content: { type: 'text', text: 'pong' }, model: 'test-model' }));
  const fetchFn = (input: string | URL | Request, init?: RequestInit) => service.fetch(input instanceof Request ? input : new Request(input, init));
  await c.connect(new StreamableHTTPClientTransport(new URL('http://localhost/mcp'), { fetch: fetchFn as typeof fetch }));
  return c;
}

const texts = (result: { content?: unknown }) => (result.content as Array<{ type: string; text?: string }>).flatMap((b) => (b.text ? [b.text] : []));

describe('conformance fixtures (2026-07-28, in-process)', () => {
  it('lists the fixture tools, the SEP-1613 tool with its 2020-12 keywords intact', async () => {
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(14);
    const schemaTool = tools.find((t) => t.name === 'json_schema_2020_12_tool');
    expect(schemaTool?.inputSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $defs: { address: { type: 'object' } },
      properties: { address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    });
  });

  it('test_simple_text and test_error_handling answer as the suite expects', async () => {
    expect(texts(await client.callTool({ name: 'test_simple_text', arguments: {} }))).toEqual(['This is a simple text response for testing.']);
    const failed = await client.callTool({ name: 'test_error_handling', arguments: {} });
    expect(failed.isError).toBe(true);
    expect(texts(failed)[0]).toBe('This tool intentionally returns an error for testing');
  });

  it('test_tool_with_progress reports 0, 50, 100 of 100', async () => {
    const seen: number[] = [];
    await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, { onprogress: (p) => seen.push(p.progress) });
    expect(seen).toEqual([0, 50, 100]);
  });

  it('serves the template resource and completes the prompt argument', async () => {
    const read = await client.readResource({ uri: 'test://template/123/data' });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual({ id: '123', templateTest: true, data: 'Data for ID: 123' });
    const completion = await client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'pa' } });
    expect(completion.completion.values).toEqual(['paris', 'park', 'party']);
  });
});

describe.each(['modern', 'legacy'] as const)('client input (%s protocol)', (protocol) => {
  // modern: input_required round trip; legacy: push-style request on the call's SSE stream.
  it('test_elicitation and test_sampling get the client’s answer', async () => {
    const c = await interactiveClient(protocol);
    try {
      expect(c.getNegotiatedProtocolVersion()).toBe(protocol === 'modern' ? '2026-07-28' : '2025-11-25');
      const elicited = await c.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } });
      expect(elicited.structuredContent).toEqual({ action: 'accept', content: { username: 'ada', email: 'ada@example.com' } });
      const sampled = await c.callTool({ name: 'test_sampling', arguments: { prompt: 'ping' } });
      expect(texts(sampled)).toEqual(['LLM response: pong']);
    } finally {
      await c.close();
    }
  });
});
