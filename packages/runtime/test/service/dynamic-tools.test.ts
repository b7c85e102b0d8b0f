import { connectHttp, connectV1 } from '@mcp/testing';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createService, defineTool, type DynamicTool, type RunningServer, type ToolSource } from '../../src/index.js';

const calls: string[] = [];
let extra = false;
const dyn = (name: string, annotations: DynamicTool['annotations']): DynamicTool => ({
  name,
  description: `dynamic ${name}`,
  inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
  annotations,
  call: async (args, ctx) => {
    calls.push(`${name}:${ctx.requestId ? 'ctx' : ''}`);
    if (args.n === -1) throw new Error('backend exploded');
    return { content: [{ type: 'text', text: `${name}(${JSON.stringify(args)})` }] };
  },
});
const source: ToolSource = {
  list: ({ principal }) => {
    const all = [dyn('remote_read', { readOnlyHint: true }), dyn('remote_write', { readOnlyHint: false, destructiveHint: true })];
    if (extra) all.push(dyn('remote_extra', { readOnlyHint: true }));
    return principal?.id === 'reader' ? all.filter((t) => t.annotations?.readOnlyHint) : all;
  },
  get(name, context) {
    return this.list(context).find((t) => t.name === name);
  },
};
const local = defineTool({
  name: 'local',
  title: 'Local',
  description: 'A static tool beside the dynamic ones.',
  input: z.object({ x: z.number() }),
  output: z.object({ doubled: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async ({ x }) => ({ doubled: x * 2 }),
});

const service = createService(
  {
    name: 'dyn',
    version: '1',
    tools: [local],
    toolSource: () => source,
    authenticate: (request) => {
      const key = request.headers.get('x-api-key');
      return key === 'reader' || key === 'admin' ? { id: key } : undefined;
    },
  },
  { env: { LOG_LEVEL: 'silent' } },
);
let server: RunningServer;
beforeAll(async () => {
  server = await service.start({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await service.stop();
});

describe('dynamic tool source', () => {
  it('lists static and dynamic tools, filtered by the caller', async () => {
    const admin = await connectHttp(server.url, { headers: { 'x-api-key': 'admin' } });
    expect((await admin.listTools()).tools.map((t) => t.name)).toEqual(['local', 'remote_read', 'remote_write']);
    const reader = await connectHttp(server.url, { headers: { 'x-api-key': 'reader' } });
    expect((await reader.listTools()).tools.map((t) => t.name)).toEqual(['local', 'remote_read']);
    const denied = await reader.callTool({ name: 'remote_write', arguments: {} }).catch((e: Error) => e);
    expect(String(denied instanceof Error ? denied.message : JSON.stringify(denied))).toMatch(/remote_write not found/);
    await admin.close();
    await reader.close();
  });

  it('calls both kinds through the middleware chain; errors are masked', async () => {
    const client = await connectHttp(server.url, { headers: { 'x-api-key': 'admin' } });
    expect((await client.callTool({ name: 'local', arguments: { x: 21 } })).structuredContent).toEqual({ doubled: 42 });
    const bad = await client.callTool({ name: 'local', arguments: { x: 'no' } });
    expect(bad.isError).toBe(true);
    const r = await client.callTool({ name: 'remote_read', arguments: { n: 1 } });
    expect((r.content as Array<{ text: string }>)[0]?.text).toBe('remote_read({"n":1})');
    const boom = await client.callTool({ name: 'remote_read', arguments: { n: -1 } });
    expect(boom.isError).toBe(true);
    expect((boom.content as Array<{ text: string }>)[0]?.text).toMatch(/internal error/);
    expect(calls).toContain('remote_read:ctx');
    await client.close();
  });

  it('a 2025-era session learns of a change through notifications/tools/list_changed', async () => {
    const v1 = await connectV1(server.url, { headers: { 'x-api-key': 'admin' } });
    const changed = new Promise<void>((resolve) => {
      v1.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve());
    });
    extra = true;
    // The client opens its GET notification stream just after initialize; repeat until it is there.
    const timer = setInterval(() => service.notifyToolsChanged(), 100);
    await changed.finally(() => clearInterval(timer));
    expect((await v1.listTools()).tools.map((t) => t.name)).toContain('remote_extra');
    await v1.close();
  });
});
