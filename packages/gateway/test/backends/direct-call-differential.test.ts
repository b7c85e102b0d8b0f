import { createService, type DynamicTool, defineTool, InvalidInputError, type ToolSource } from '@mcp/runtime';
import * as z from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallOptions } from '../../src/backends/backend.js';
import { createDirectRoute } from '../../src/backends/direct-call.js';
import { createHttpBackend } from '../../src/backends/http-backend.js';
import type { ManagedBackend } from '../../src/backends/managed-backend.js';
import { createPooledFetch } from '../../src/backends/pooled-fetch.js';
import type { NamedBackendConfig } from '../../src/config/schema.js';
import { silentLogger, waitFor } from './helpers.js';

/**
 * The direct tools/call route (src/backends/direct-call.ts) against the SDK
 * client's route, on one real service: every case is called through a
 * backend with the route on and one with it off, and the caller must see the
 * same result or the same error (class, message, code). Each tool reports the
 * JSON-RPC id type it was called with, so the test also proves which route
 * carried the call (the direct route uses string ids, the SDK numbers).
 */

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

const HINTS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** The service's tools; `hidden` ones are listed by nobody but still callable until removed. */
function tools(): DynamicTool[] {
  const route = (ctx: Parameters<DynamicTool['call']>[1]) => (typeof ctx.mcp.mcpReq.id === 'string' ? 'direct' : 'sdk');
  return [
    {
      name: 'echo',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      outputSchema: { type: 'object', properties: { text: { type: 'string' }, trace: { type: 'string' } }, required: ['text'] },
      annotations: HINTS,
      call: async (args, ctx) => {
        const structured = { text: String(args.text), trace: ctx.trace.traceId };
        return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured, _meta: { route: route(ctx) } };
      },
    },
    {
      name: 'refuse',
      inputSchema: { type: 'object' },
      annotations: HINTS,
      call: async (_args, ctx) => {
        throw new InvalidInputError(`refused (${route(ctx)} route seen by the service)`.replace(/\((direct|sdk) route seen by the service\)/, '(as asked)'), {
          hint: 'ask differently',
        });
      },
    },
    {
      name: 'error_result',
      inputSchema: { type: 'object' },
      annotations: HINTS,
      call: async (_args, ctx) => ({ content: [{ type: 'text', text: 'it went wrong' }], isError: true, _meta: { route: route(ctx) } }),
    },
    {
      name: 'chatty',
      inputSchema: { type: 'object' },
      annotations: HINTS,
      call: async (_args, ctx) => {
        await ctx.mcp.mcpReq.log('info', { step: 1 });
        await ctx.mcp.mcpReq.log('warning', { step: 2 }, 'probe');
        return { content: [{ type: 'text', text: 'done' }], _meta: { route: route(ctx) } };
      },
    },
    {
      name: 'sleep',
      inputSchema: { type: 'object', properties: { ms: { type: 'number' } }, required: ['ms'] },
      annotations: HINTS,
      call: async (args, ctx) => {
        await new Promise((r) => setTimeout(r, Number(args.ms)));
        return { content: [{ type: 'text', text: 'slept' }], _meta: { route: route(ctx) } };
      },
    },
    {
      name: 'strict',
      inputSchema: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } }, required: ['n'], additionalProperties: false },
      annotations: HINTS,
      call: async (args, ctx) => ({ content: [{ type: 'text', text: String(args.n) }], _meta: { route: route(ctx) } }),
    },
    {
      name: 'vanishing',
      inputSchema: { type: 'object' },
      annotations: HINTS,
      call: async (_args, ctx) => ({ content: [{ type: 'text', text: 'still here' }], _meta: { route: route(ctx) } }),
    },
  ];
}

/** A typed tool: the runtime validates its arguments against the zod input before the handler runs. */
const typed = defineTool({
  name: 'typed',
  title: 'Typed',
  description: 'Adds two integers.',
  input: z.object({ a: z.number().int(), b: z.number().int().min(0) }).strict(),
  output: z.object({ sum: z.number() }),
  annotations: HINTS,
  handler: async ({ a, b }) => ({ sum: a + b }),
});

/** Past MCP_LARGE_RESULT_BYTES the service stores the result in blocks and answers a preview and a resource_link. */
const big = defineTool({
  name: 'big',
  title: 'Big',
  description: 'Returns n characters.',
  input: z.object({ n: z.number().int().min(1).max(100_000) }),
  output: z.object({ text: z.string() }),
  annotations: HINTS,
  largeResult: true,
  handler: async ({ n }) => ({ text: 'x'.repeat(n) }),
});

async function startService() {
  const list = tools();
  const source: ToolSource = { list: () => list, get: (name) => list.find((t) => t.name === name) };
  const service = createService(
    { name: 'diff', version: '1.0.0', tools: [typed, big], toolSource: () => source },
    { env: { LOG_LEVEL: 'silent', MCP_SHUTDOWN_DRAIN_MS: '300', MCP_LARGE_RESULT_BYTES: '4096', MCP_BLOCK_BYTES: '2048' } },
  );
  const running = await service.start({ port: 0, host: '127.0.0.1' });
  // Removed without a list_changed: the gateway still lists it, the service no longer knows it.
  const forget = (name: string) =>
    list.splice(
      list.findIndex((t) => t.name === name),
      1,
    );
  return { url: running.url, forget, stop: () => service.stop() };
}

function backend(name: string, url: string, directCalls: boolean): ManagedBackend {
  const b = createHttpBackend(
    { name, config: { type: 'http', url, headers: { 'X-Probe': 'yes' }, enabled: true } as NamedBackendConfig['config'], source: 'file' },
    { logger: silentLogger, backoff: { baseMs: 50, capMs: 200 }, breaker: { failureThreshold: 2, resetTimeoutMs: 60_000 }, directCalls },
  );
  cleanups.push(() => b.close());
  return b;
}

type Outcome = { result: unknown; route?: unknown } | { error: { name: string; message: string; code?: unknown; kind?: unknown } };

/** Block ids and timestamps differ per call by design; everything else must match. */
function normalize(value: unknown): unknown {
  const text = JSON.stringify(value)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
  return JSON.parse(text);
}

async function outcome(b: ManagedBackend, tool: string, args: Record<string, unknown>, options: CallOptions): Promise<Outcome> {
  try {
    const result = (await b.callTool(tool, args, options)) as Record<string, unknown>;
    const { _meta, ...rest } = result;
    const { route, ...meta } = (_meta ?? {}) as Record<string, unknown>;
    return { result: normalize({ ...rest, _meta: meta }), route };
  } catch (error) {
    const e = error as Error & { code?: unknown; kind?: unknown };
    return { error: { name: e.constructor.name, message: normalize(e.message) as string, code: e.code, kind: e.kind } };
  }
}

function caller(extra: Partial<CallOptions> = {}): CallOptions {
  return { traceparent: TRACEPARENT, relay: { passInputRequired: true, clientCapabilities: {} }, ...extra };
}

async function pair(url: string) {
  const direct = backend('diff', url, true);
  const sdk = backend('diff', url, false);
  await Promise.all([direct.start(), sdk.start()]);
  await waitFor(() => direct.catalog().tools.length >= 9 && sdk.catalog().tools.length >= 9);
  expect(direct.status().protocolVersion).toBe('2026-07-28');
  return { direct, sdk };
}

describe('direct tools/call route vs the SDK client', () => {
  it('gives the same results and errors for every kind of call', async () => {
    const svc = await startService();
    cleanups.push(svc.stop);
    const { direct, sdk } = await pair(svc.url);
    const logs: Record<'direct' | 'sdk', unknown[]> = { direct: [], sdk: [] };
    const cases: Array<[string, Record<string, unknown>, (route: 'direct' | 'sdk') => CallOptions, 'direct' | 'sdk' | 'either']> = [
      ['echo', { text: 'hello' }, () => caller(), 'direct'],
      ['echo', { text: 'hello' }, () => caller({ relay: { passInputRequired: true, clientCapabilities: { roots: {} }, logLevel: 'error' } }), 'direct'],
      ['refuse', {}, () => caller(), 'either'],
      ['error_result', {}, () => caller(), 'direct'],
      ['big', { n: 20_000 }, () => caller(), 'direct'],
      ['big', { n: 100 }, () => caller(), 'direct'],
      ['strict', { n: 3 }, () => caller(), 'direct'],
      ['typed', { a: 1, b: 2 }, () => caller(), 'either'],
      ['typed', { a: 1, b: -2 }, () => caller(), 'either'],
      ['typed', { a: 'one', b: 2 }, () => caller(), 'either'],
      ['typed', { a: 1, b: 2, c: 3 }, () => caller(), 'either'],
      ['typed', {}, () => caller(), 'either'],
      [
        'chatty',
        {},
        (route) => caller({ relay: { passInputRequired: true, clientCapabilities: {}, logLevel: 'debug', log: (p) => logs[route].push(p) } }),
        'direct',
      ],
      ['sleep', { ms: 1_500 }, () => caller({ timeoutMs: 200 }), 'either'],
      // Not a 2026-07-28 caller: always the SDK client (it may have to answer the backend's questions).
      ['echo', { text: 'legacy caller' }, () => ({ traceparent: TRACEPARENT }), 'sdk'],
      ['echo', { text: 'progress' }, () => caller({ onProgress: () => {} }), 'sdk'],
    ];
    for (const [tool, args, options, expectedRoute] of cases) {
      const viaDirect = await outcome(direct, tool, args, options('direct'));
      const viaSdk = await outcome(sdk, tool, args, options('sdk'));
      const label = `${tool} ${JSON.stringify(args)}`;
      // Thrown tool errors come back as isError results without the tool's _meta.
      if ('result' in viaSdk && viaSdk.route !== undefined) {
        expect(viaSdk.route, label).toBe('sdk');
        if (expectedRoute !== 'either') expect((viaDirect as { route?: unknown }).route, label).toBe(expectedRoute);
      }
      const strip = (o: Outcome) => ('result' in o ? { result: o.result } : o);
      expect(strip(viaDirect), label).toEqual(strip(viaSdk));
    }
    // Past MCP_LARGE_RESULT_BYTES the service answers a preview and a link to its blocks: passed through as is.
    const large = (await direct.callTool('big', { n: 20_000 }, caller())) as { content: Array<{ type: string }> };
    expect(large.content.some((c) => c.type === 'resource_link')).toBe(true);
    expect(logs.direct).toEqual(logs.sdk);
    expect(logs.direct).toHaveLength(2);

    // Known to the gateway's catalogue, unknown to the service now.
    svc.forget('vanishing');
    const gone = await outcome(direct, 'vanishing', {}, caller());
    expect(gone).toMatchObject({ error: { name: 'InvalidInputError', message: expect.stringContaining('not found') } });
    expect(gone).toEqual(await outcome(sdk, 'vanishing', {}, caller()));

    // Both backends saw the same successes and failures: the same breaker and health state.
    expect(direct.status()).toMatchObject({ state: sdk.status().state, circuit: sdk.status().circuit });
  });

  it('caller aborts and a backend that goes away look the same on both routes (breaker included)', async () => {
    const svc = await startService();
    const { direct, sdk } = await pair(svc.url);

    const abortAfter = async (b: ManagedBackend) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('caller went away')), 100);
      return outcome(b, 'sleep', { ms: 1_000 }, caller({ signal: controller.signal }));
    };
    expect(await abortAfter(direct)).toEqual(await abortAfter(sdk));

    await svc.stop();
    // Both notice on their list-change subscription; compare from the same state.
    await waitFor(() => direct.status().state === 'unhealthy' && sdk.status().state === 'unhealthy');
    const sequence = async (b: ManagedBackend) => {
      const seen: Outcome[] = [];
      for (let i = 0; i < 4; i += 1) seen.push(await outcome(b, 'echo', { text: 'anyone?' }, caller()));
      return { seen, status: { state: b.status().state, circuit: b.status().circuit } };
    };
    const viaDirect = await sequence(direct);
    const viaSdk = await sequence(sdk);
    expect(viaDirect).toEqual(viaSdk);
    expect(viaDirect.seen.every((o) => 'error' in o)).toBe(true);
  });
});

describe('direct route on a dead connection', () => {
  it("rejects as the SDK transport's fetch does (TypeError 'fetch failed': the backend counts as lost)", async () => {
    const svc = await startService();
    const url = new URL(svc.url);
    await svc.stop();
    const pooled = createPooledFetch(url.origin);
    cleanups.push(() => pooled.close());
    const route = createDirectRoute({ pooled, url, headers: {}, clientInfo: {}, capabilities: {}, protocolVersion: () => '2026-07-28' });
    const viaDirect = await route.callTool({ name: 'echo', params: { arguments: {} }, meta: undefined, timeoutMs: 5_000 }).catch((e: unknown) => e);
    const viaFetch = await pooled.fetch(url, { method: 'POST', body: '{}', redirect: 'manual' }).catch((e: unknown) => e);
    expect(viaDirect).toBeInstanceOf(TypeError);
    expect(viaFetch).toBeInstanceOf(TypeError);
    expect((viaDirect as Error).message).toBe((viaFetch as Error).message);
  });
});
