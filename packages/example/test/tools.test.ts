import { connectInProcess } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleService } from '../src/server.js';

const service = createExampleService({ LOG_LEVEL: 'silent' });
let client: Awaited<ReturnType<typeof connectInProcess>>;

beforeAll(async () => {
  client = await connectInProcess(service);
});
afterAll(async () => {
  await client.close();
  await service.stop();
});

describe('example tools (2026-07-28, in-process)', () => {
  it('lists every tool with all four annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['generate_sample', 'get_time', 'hash_text', 'text_stats']);
    for (const tool of tools) {
      expect(Object.keys(tool.annotations ?? {})).toEqual(expect.arrayContaining(['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']));
      expect(tool.outputSchema?.type).toBe('object');
    }
  });

  it('hash_text returns the digest as structured content and text', async () => {
    const result = await client.callTool({ name: 'hash_text', arguments: { text: 'abc' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ algorithm: 'sha256', hex: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', bytes: 3 });
    expect((result.content as Array<{ text: string }>)[0]?.text).toContain('ba7816bf');
  });

  it('get_time rejects an unknown zone with an actionable message', async () => {
    const result = await client.callTool({ name: 'get_time', arguments: { timezone: 'Mars/Olympus' } });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]?.text).toMatch(/Unknown time zone "Mars\/Olympus".*IANA/);
  });

  it('wrong argument types give an isError result, not a crash', async () => {
    const result = await client.callTool({ name: 'text_stats', arguments: { text: 42 } });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]?.text).toMatch(/text/);
  });
});
