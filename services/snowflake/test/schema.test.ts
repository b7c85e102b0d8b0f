import { connectInProcess } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnowflakeService } from '../src/server.js';
import { tools } from '../src/tools/index.js';

/**
 * The contract agents depend on: each tool's name, schemas and annotations as
 * tools/list shows them. A change shows in review as a snapshot diff; record an
 * intended one with `pnpm --filter @mcp/snowflake test -- -u` and commit
 * test/__snapshots__ (CI fails on a missing or different snapshot).
 */
const service = createSnowflakeService({ LOG_LEVEL: 'silent', SNOWFLAKE_READ_ONLY: 'false' });
let listed: Array<{ name: string; inputSchema: unknown; outputSchema?: unknown; annotations?: unknown }> = [];
let client: Awaited<ReturnType<typeof connectInProcess>>;

beforeAll(async () => {
  client = await connectInProcess(service);
  listed = (await client.listTools()).tools;
});
afterAll(async () => {
  await client.close();
  await service.stop();
});

describe('tool contracts', () => {
  it('tools/list shows exactly the tools of src/tools/index.ts', () => {
    expect(listed.map((t) => t.name).sort()).toEqual(tools.map((t) => t.name).sort());
  });

  it.each(tools.map((t) => t.name))('%s', (name) => {
    const tool = listed.find((t) => t.name === name);
    expect(tool).toBeDefined();
    expect({ name: tool?.name, inputSchema: tool?.inputSchema, outputSchema: tool?.outputSchema, annotations: tool?.annotations }).toMatchSnapshot();
  });
});
