import { createHash } from 'node:crypto';
import { connectHttp } from '@mcp/testing';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ENTRY, startExample, startFixture, startProbeService, waitFor } from '../backends/helpers.js';
import { httpBackend, startGateway } from './gateway-harness.js';

type Started = { close: () => Promise<unknown> };
const stops: Started[] = [];
let gateway: Awaited<ReturnType<typeof startGateway>>;
let probe: Awaited<ReturnType<typeof startProbeService>>;
let client: Client;

beforeAll(async () => {
  const example = await startExample(0, { MCP_BLOCK_BYTES: '65536' });
  const fixture = await startFixture();
  probe = await startProbeService();
  stops.push(example, fixture);
  gateway = await startGateway([
    httpBackend('example', example.url),
    // The conformance fixture mounted without prefix, and once more under `fx`.
    httpBackend('fixture', fixture.url, { namespace: '' }),
    httpBackend('fx', fixture.url),
    httpBackend('old-sse', example.url.replace(/\/mcp$/, '/sse'), { type: 'sse', namespace: 'sse' }),
    httpBackend('probe', probe.url),
    {
      name: 'local',
      config: { command: process.execPath, args: [EXAMPLE_ENTRY, '--stdio'], env: { LOG_LEVEL: 'warn', MCP_BLOCK_BYTES: '65536' }, enabled: true },
      source: 'file',
    },
  ]);
  client = await connectHttp(gateway.url);
});

afterAll(async () => {
  await client?.close();
  await gateway?.close();
  await probe?.close().catch(() => {});
  for (const s of stops) await s.close();
});

const text = (r: { content?: unknown }) => (r.content as Array<{ type: string; text?: string }>).find((c) => c.type === 'text')?.text;

describe('gateway federation over real backends', () => {
  it('lists every backend under its namespace and calls through to each transport', async () => {
    const { tools } = await client.listTools(undefined, { cacheMode: 'refresh' });
    const names = tools.map((t) => t.name);
    for (const name of ['example_hash_text', 'local_hash_text', 'sse_hash_text', 'test_simple_text', 'fx_test_simple_text', 'probe_echo_trace']) {
      expect(names).toContain(name);
    }
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(gateway.federation.collisions()).toEqual([]);
    for (const tool of ['example_hash_text', 'local_hash_text', 'sse_hash_text']) {
      const r = await client.callTool({ name: tool, arguments: { text: 'abc', algorithm: 'md5' } });
      expect(r.structuredContent, tool).toMatchObject({ hex: '900150983cd24fb0d6963f7d28e17f72' });
    }
    expect(text(await client.callTool({ name: 'test_simple_text', arguments: {} }))).toBe('This is a simple text response for testing.');
    const errored = await client.callTool({ name: 'fx_test_error_handling', arguments: {} });
    expect(errored.isError).toBe(true);
  });

  it('continues the caller trace into the backend and relays progress', async () => {
    const traced = await connectHttp(gateway.url, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    const r = await traced.callTool({ name: 'probe_echo_trace', arguments: {} });
    expect((r.structuredContent as { traceId: string }).traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    await traced.close();
    const progress: number[] = [];
    await client.callTool({ name: 'fx_test_tool_with_progress', arguments: {} }, { onprogress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([0, 50, 100]);
  });

  it('federates resources (rewritten URIs routed back), templates, prompts and completions', async () => {
    const { resources } = await client.listResources(undefined, { cacheMode: 'refresh' });
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain('test://static-text');
    expect(uris).toContain('mcp+gw://fx/test%3A%2F%2Fstatic-text');
    const direct = await client.readResource({ uri: 'test://static-text' }, { cacheMode: 'bypass' });
    expect(direct.contents[0]).toMatchObject({ uri: 'test://static-text', text: 'This is the content of the static text resource.' });
    const namespaced = await client.readResource({ uri: 'mcp+gw://fx/test%3A%2F%2Fstatic-text' }, { cacheMode: 'bypass' });
    expect(namespaced.contents[0]).toMatchObject({ uri: 'mcp+gw://fx/test%3A%2F%2Fstatic-text', text: 'This is the content of the static text resource.' });

    const { resourceTemplates } = await client.listResourceTemplates(undefined, { cacheMode: 'refresh' });
    const templates = resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toContain('test://template/{id}/data');
    expect(templates).toContain('mcp+gw://fx/test%3A%2F%2Ftemplate%2F{id}%2Fdata');
    const viaTemplate = await client.readResource({ uri: 'mcp+gw://fx/test%3A%2F%2Ftemplate%2F123%2Fdata' }, { cacheMode: 'bypass' });
    expect(JSON.parse((viaTemplate.contents[0] as { text: string }).text)).toMatchObject({ id: '123' });
    const unprefixedTemplate = await client.readResource({ uri: 'test://template/456/data' }, { cacheMode: 'bypass' });
    expect(JSON.parse((unprefixedTemplate.contents[0] as { text: string }).text)).toMatchObject({ id: '456' });
    await expect(client.readResource({ uri: 'test://nowhere' }, { cacheMode: 'bypass' })).rejects.toThrow(/not found/);

    const { prompts } = await client.listPrompts(undefined, { cacheMode: 'refresh' });
    expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['test_simple_prompt', 'fx_test_simple_prompt', 'fx_test_prompt_with_arguments']));
    const prompt = await client.getPrompt({ name: 'fx_test_prompt_with_arguments', arguments: { arg1: 'a', arg2: 'b' } });
    expect(prompt.messages[0]?.content).toMatchObject({ text: "Prompt with arguments: arg1='a', arg2='b'" });
    const completion = await client.complete({ ref: { type: 'ref/prompt', name: 'fx_test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'par' } });
    expect(completion.completion.values).toEqual(['paris', 'park', 'party']);
  });

  it('passes large results through as blocks readable through the gateway', async () => {
    for (const [tool, ns] of [
      ['example_generate_sample', 'example'],
      ['local_generate_sample', 'local'],
    ] as const) {
      const r = await client.callTool({ name: tool, arguments: { rows: 5_000, seed: 'gw' } });
      const envelope = r.structuredContent as { truncated: boolean; resource: { uri: string; blockCount: number; sha256: string } };
      expect(envelope.truncated).toBe(true);
      expect(envelope.resource.uri.startsWith(`mcp+gw://${ns}/mcp-blocks%3A%2F%2F`)).toBe(true);
      const link = (r.content as Array<{ type: string; uri?: string }>).find((c) => c.type === 'resource_link');
      expect(link?.uri?.startsWith(`mcp+gw://${ns}/`)).toBe(true);
      expect(text(r)).not.toContain('mcp-blocks://');
      expect(envelope.resource.blockCount).toBeGreaterThan(1);
      let uri: string | undefined = link?.uri;
      let whole = '';
      let blocks = 0;
      while (uri) {
        const read = await client.readResource({ uri }, { cacheMode: 'bypass' });
        const block = read.contents[0] as { uri: string; text: string; _meta?: { next?: string } };
        expect(block.uri.startsWith(`mcp+gw://${ns}/`)).toBe(true);
        whole += block.text;
        blocks += 1;
        uri = block._meta?.next;
      }
      expect(blocks).toBe(envelope.resource.blockCount);
      expect(createHash('sha256').update(whole).digest('hex')).toBe(envelope.resource.sha256);
      expect(JSON.parse(whole).rows).toHaveLength(5_000);
    }
  });

  it("drops an unhealthy backend's tools with a list_changed to 2025-era sessions, then fails its calls fast", async () => {
    const legacy = new Client({ name: 'legacy', version: '1' }, { listChanged: { tools: { debounceMs: 0, onChanged: () => changed++ } } });
    let changed = 0;
    await legacy.connect(new StreamableHTTPClientTransport(new URL(gateway.url)));
    expect((await legacy.listTools()).tools.some((t) => t.name === 'probe_slow')).toBe(true);
    await probe.close();
    await waitFor(() => changed > 0, 5_000);
    const { tools } = await legacy.listTools(undefined, { cacheMode: 'refresh' });
    expect(tools.some((t) => t.name.startsWith('probe_'))).toBe(false);
    expect(tools.some((t) => t.name === 'example_hash_text')).toBe(true);
    const started = Date.now();
    const r = await legacy.callTool({ name: 'probe_echo_trace', arguments: {} });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/Backend 'probe' is unavailable .*was not attempted/);
    await legacy.close();
  });
});
