import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { connectInProcess } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/index.js';
import { abortReasons, createDifferentialService, gate } from './fast-path-service.js';

/**
 * The fast path (src/transport/fast-path.ts) must be invisible: the same
 * request gets the same status, content type and body with MCP_FAST_PATH on
 * and off. Every case is sent to both services and compared; each case also
 * says which path it must take with the fast path on, so a gate that silently
 * sends everything to the SDK (or takes what it must not) fails here too.
 */

const URL_BASE = 'http://localhost/mcp';
const REQUEST_ID = 'diff-request-0001';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

interface Captured {
  headers: Record<string, string>;
  message: Record<string, unknown>;
}

/** The tools/call the official client sends when pinned to 2026-07-28: the base every case derives from. */
async function captureClientCall(service: Service): Promise<Captured> {
  const log: Captured[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (request.method === 'POST') log.push({ headers: Object.fromEntries(request.headers), message: JSON.parse(await request.clone().text()) });
    return service.fetch(request);
  };
  const client = new Client({ name: 'diff-client', version: '9.9.9' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(new StreamableHTTPClientTransport(new URL(URL_BASE), { fetch: fetchFn as typeof fetch }));
  await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
  await client.close();
  const call = log.find((entry) => entry.message.method === 'tools/call');
  if (!call) throw new Error('the client sent no tools/call');
  return call;
}

interface Case {
  name: string;
  /** Which path the request must take with the fast path on. */
  path: 'fast' | 'sdk';
  method?: string;
  params?: Record<string, unknown> | unknown;
  /** Replaces the whole body (batches, broken messages). */
  body?: unknown;
  headers?: Record<string, string | undefined>;
  /** Changes to the client's _meta envelope (undefined deletes a key). */
  meta?: Record<string, unknown>;
}

const PV = 'io.modelcontextprotocol/protocolVersion';
const CAPS = 'io.modelcontextprotocol/clientCapabilities';

function call(name: string, args: unknown, extra: Partial<Case> = {}): Case {
  return { name: `tools/call ${name} ${JSON.stringify(args)}`, path: 'fast', method: 'tools/call', params: { name, arguments: args }, ...extra };
}

const cases: Case[] = [
  call('echo', { text: 'hello' }),
  call('echo', { text: 'hello', times: 3 }),
  call('echo', { text: 42 }),
  call('echo', { text: 'hello', times: 9 }),
  call('echo', {}),
  call('echo', undefined),
  call('echo', 'not an object'),
  call('no_such_tool', {}),
  call('find_thing', { id: 'a-1' }),
  call('find_thing', { id: 'missing' }),
  call('find_thing', { id: 'busy' }),
  call('explode', {}),
  call('bad_output', {}),
  call('slow', {}),
  call('raw_content', {}),
  call('big', { bytes: 100 }),
  call('big', { bytes: 5000 }),
  call('delete_thing', { id: 'd-1' }),
  call('echo', { text: 'hello', extra: true }),
  call('echo', { text: 'x'.repeat(70_000) }),
  call('notify_by_hand', {}),
  call('quota', {}),
  call('ask_raw', {}),
  call('echo', { text: 'hi' }, { name: 'tools/call with a non-envelope _meta key', meta: { 'example.com/trace': 'abc' } }),
  call('chatty', {}),
  call('chatty', {}, { name: 'tools/call chatty, client log level debug (SSE)', meta: { 'io.modelcontextprotocol/logLevel': 'debug' } }),
  { name: 'tools/list', path: 'fast', method: 'tools/list', params: {} },
  { name: 'tools/list with a cursor', path: 'fast', method: 'tools/list', params: { cursor: 'not-a-cursor' } },
  { name: 'ping', path: 'fast', method: 'ping', params: {} },
  {
    name: 'resources/read of an unknown block',
    path: 'fast',
    method: 'resources/read',
    params: { uri: 'mcp-blocks://nope/0' },
    headers: { 'mcp-name': 'mcp-blocks://nope/0' },
  },
  // Everything below is the SDK's to answer.
  call('echo', { text: 'x' }, { name: 'missing MCP-Protocol-Version header', path: 'sdk', headers: { 'mcp-protocol-version': undefined } }),
  call(
    'echo',
    { text: 'x' },
    { name: 'unsupported protocol version', path: 'sdk', headers: { 'mcp-protocol-version': '2099-01-01' }, meta: { [PV]: '2099-01-01' } },
  ),
  call('echo', { text: 'x' }, { name: 'header/body version mismatch', path: 'sdk', headers: { 'mcp-protocol-version': '2025-11-25' } }),
  call('echo', { text: 'x' }, { name: 'missing Mcp-Method header', path: 'sdk', headers: { 'mcp-method': undefined } }),
  call('echo', { text: 'x' }, { name: 'Mcp-Method mismatch', path: 'sdk', headers: { 'mcp-method': 'tools/list' } }),
  call('echo', { text: 'x' }, { name: 'missing Mcp-Name header', path: 'sdk', headers: { 'mcp-name': undefined } }),
  call('echo', { text: 'x' }, { name: 'Mcp-Name mismatch', path: 'sdk', headers: { 'mcp-name': 'find_thing' } }),
  call('echo', { text: 'x' }, { name: 'Mcp-Name in Base64', path: 'sdk', headers: { 'mcp-name': '=?base64?ZWNobw==?=' } }),
  call('echo', { text: 'x' }, { name: 'invalid _meta envelope (capabilities not an object)', path: 'sdk', meta: { [CAPS]: 'all' } }),
  call('echo', { text: 'x' }, { name: 'envelope without clientCapabilities', path: 'sdk', meta: { [CAPS]: undefined } }),
  call('echo', { text: 'x' }, { name: 'progress token (notifications stream)', path: 'sdk', meta: { progressToken: 'p-1' } }),
  call('echo', { text: 'x' }, { name: 'client able to elicit', path: 'sdk', meta: { [CAPS]: { elicitation: {} } } }),
  call('echo', { text: 'x' }, { name: 'multi round-trip retry', path: 'sdk', params: { name: 'echo', arguments: { text: 'x' }, inputResponses: {} } }),
  {
    name: 'initialize (2025 handshake)',
    path: 'sdk',
    body: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'c', version: '1' } } },
    headers: { 'mcp-protocol-version': undefined, 'mcp-method': undefined, 'mcp-name': undefined },
  },
  { name: 'prompts/list (not a fast method)', path: 'sdk', method: 'prompts/list', params: {}, headers: { 'mcp-name': undefined } },
  { name: 'notification', path: 'sdk', body: 'notification' },
  { name: 'batch', path: 'sdk', body: 'batch' },
  { name: 'request without id', path: 'sdk', body: 'no-id' },
  { name: 'jsonrpc 1.0', path: 'sdk', body: 'jsonrpc-1' },
];

function buildRequest(base: Captured, testCase: Case, id: number): Request {
  const headers: Record<string, string> = { ...base.headers, 'x-request-id': REQUEST_ID, traceparent: TRACEPARENT };
  delete headers['content-length'];
  const message = structuredClone(base.message) as { params: Record<string, unknown> & { _meta: Record<string, unknown> } };
  const meta = { ...message.params._meta };
  for (const [key, value] of Object.entries(testCase.meta ?? {})) {
    if (value === undefined) delete meta[key];
    else meta[key] = value;
  }
  let body: unknown;
  if (testCase.body === 'notification') body = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 5, _meta: meta } };
  else if (testCase.body === 'batch') body = [{ jsonrpc: '2.0', id, method: 'tools/list', params: { _meta: meta } }];
  else if (testCase.body === 'no-id') body = { jsonrpc: '2.0', method: 'tools/call', params: { ...message.params, _meta: meta } };
  else if (testCase.body === 'jsonrpc-1') body = { jsonrpc: '1.0', id, method: 'tools/call', params: { ...message.params, _meta: meta } };
  else if (testCase.body !== undefined) body = testCase.body;
  else {
    const method = testCase.method ?? 'tools/call';
    const params = testCase.params && typeof testCase.params === 'object' ? { ...testCase.params, _meta: meta } : { _meta: meta };
    body = { jsonrpc: '2.0', id, method, params };
    headers['mcp-method'] = method;
    if (method === 'tools/call') headers['mcp-name'] = String((testCase.params as { name: string }).name);
    else delete headers['mcp-name'];
  }
  for (const [key, value] of Object.entries(testCase.headers ?? {})) {
    if (value === undefined) delete headers[key];
    else headers[key] = value;
  }
  return new Request(URL_BASE, { method: 'POST', headers, body: JSON.stringify(body) });
}

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
  /** The HTTP layer's headers: the fast path puts them on its answers itself. */
  requestId: string | null;
  /** With the server span's id (random per request) masked. */
  traceparent: string | null;
}

/** Block ids and their creation time are per call; everything else must match byte for byte. */
function normalize(text: string): string {
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>');
}

async function answer(service: Service, request: Request): Promise<Answer> {
  const res = await service.fetch(request);
  const traceparent = res.headers.get('traceparent')?.replace(/^(00-[0-9a-f]{32}-)[0-9a-f]{16}(-0[01])$/, '$1<span>$2') ?? null;
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: normalize(await res.text()),
    requestId: res.headers.get('x-request-id'),
    traceparent,
  };
}

async function fastServed(service: Service): Promise<number> {
  return (await service.init()).endpoint.fastPathServed;
}

async function directServed(service: Service): Promise<number> {
  return (await service.init()).endpoint.fastPathDirect;
}

const LOG_LEVEL = 'io.modelcontextprotocol/logLevel';

/**
 * A fast tools/call with object (or no) arguments and no log level is answered
 * without the SDK's protocol layer (src/transport/direct-tool-call.ts), for
 * static, dynamic, filtered-out and unknown tools alike.
 */
function expectsDirect(testCase: Case): boolean {
  if (testCase.path !== 'fast' || testCase.method !== 'tools/call' || testCase.body !== undefined) return false;
  const { arguments: args } = testCase.params as { arguments?: unknown };
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) return false;
  return testCase.meta?.[LOG_LEVEL] === undefined;
}

function suite(title: string, env: Record<string, string>, options: { dynamic?: boolean } = {}, extra: Case[] = []) {
  describe(title, () => {
    let fast: Service;
    let sdk: Service;
    let base: Captured;
    beforeAll(async () => {
      fast = createDifferentialService(env, options);
      sdk = createDifferentialService({ ...env, MCP_FAST_PATH: 'false' }, options);
      base = await captureClientCall(sdk);
    });
    afterAll(async () => {
      await fast.stop();
      await sdk.stop();
    });

    for (const [index, testCase] of [...cases, ...extra].entries()) {
      it(`${testCase.path}: ${testCase.name}`, async () => {
        const before = await fastServed(fast);
        const directBefore = await directServed(fast);
        const viaFast = await answer(fast, buildRequest(base, testCase, 100 + index));
        const taken = (await fastServed(fast)) - before;
        const direct = (await directServed(fast)) - directBefore;
        const viaSdk = await answer(sdk, buildRequest(base, testCase, 100 + index));
        expect(viaFast).toEqual(viaSdk);
        expect(viaFast.requestId).toBe(REQUEST_ID);
        expect(viaFast.traceparent).toBe(`${TRACEPARENT.slice(0, 36)}<span>-01`);
        expect(taken).toBe(testCase.path === 'fast' ? 1 : 0);
        expect(await fastServed(sdk)).toBe(0);
        expect(direct).toBe(expectsDirect(testCase) ? 1 : 0);
      });
    }
  });
}

suite('fast path vs SDK entry: static tools', {});
suite('fast path vs SDK entry: read-only mode and allow/deny filters', { MCP_READ_ONLY: 'true', MCP_EXCLUDE_TOOLS: 'explode' });
suite('fast path vs SDK entry: allow list', { MCP_TOOLS: 'echo,big' });
suite('fast path vs SDK entry: dynamic tool source (gateway)', {}, { dynamic: true }, [
  call('remote__sum', { a: 2, b: 3 }),
  call('remote__sum', { a: 'two' }),
  call('remote__missing', {}),
  call('remote__sum', 'not an object'),
  call('echo', { text: 3 }),
]);

describe('fast path: a large result read back block by block', () => {
  it('gives the same blocks through resources/read on both paths', async () => {
    const answers: string[] = [];
    for (const flag of ['true', 'false']) {
      const service = createDifferentialService({ MCP_FAST_PATH: flag });
      const client = await connectInProcess(service, { protocol: 'modern' });
      const result = await client.callTool({ name: 'big', arguments: { bytes: 5000 } });
      const link = (result.content as Array<{ type: string; uri?: string }>).find((block) => block.type === 'resource_link');
      let next: string | undefined = link?.uri;
      let joined = '';
      while (next) {
        const read = await client.readResource({ uri: next });
        const content = read.contents[0] as { text: string; _meta?: { next?: string } };
        joined += content.text;
        next = content._meta?.next;
      }
      answers.push(joined);
      expect((await service.init()).endpoint.fastPathServed).toBe(flag === 'true' ? 1 + 5 : 0);
      await client.close();
      await service.stop();
    }
    expect(JSON.parse(answers[0] ?? '')).toEqual({ data: 'x'.repeat(5000) });
    expect(answers[0]).toBe(answers[1]);
  });
});

describe('fast path: a client gone mid-call', () => {
  it('answers 499 at once, aborts the handler the same way and frees the server instance, on both paths', async () => {
    const outcomes: unknown[] = [];
    for (const flag of ['true', 'false']) {
      const service = createDifferentialService({ MCP_FAST_PATH: flag });
      const base = await captureClientCall(service);
      const directBefore = (await service.init()).endpoint.fastPathDirect;
      const controller = new AbortController();
      const request = buildRequest(base, call('wait_for_abort', {}), 7);
      const pending = service.fetch(new Request(request, { signal: controller.signal }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      abortReasons.length = 0;
      controller.abort();
      const res = await pending;
      await new Promise((resolve) => setTimeout(resolve, 20));
      const direct = (await service.init()).endpoint.fastPathDirect - directBefore;
      expect(direct).toBe(flag === 'true' ? 1 : 0);
      // The instance is usable again: the next call is answered normally.
      const next = await answer(service, buildRequest(base, call('echo', { text: 'again' }), 8));
      outcomes.push({ status: res.status, reasons: [...abortReasons], next: next.body });
      await service.stop();
    }
    expect(outcomes[0]).toEqual({ status: 499, reasons: ['Connection closed'], next: expect.stringContaining('again') });
    expect(outcomes[0]).toEqual(outcomes[1]);
  });
});

describe('fast path: notifications stream while the tool runs', () => {
  it('opens the SSE answer at the first notification, not at the end, on both paths', async () => {
    const bodies: string[] = [];
    for (const flag of ['true', 'false']) {
      const service = createDifferentialService({ MCP_FAST_PATH: flag });
      const base = await captureClientCall(service);
      const directBefore = (await service.init()).endpoint.fastPathDirect;
      const res = await service.fetch(buildRequest(base, call('notify_then_wait', {}), 9));
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      // The tool is still waiting at the gate: the notification is already readable.
      const first = await reader.read();
      expect(gate.waiting).toHaveLength(1);
      let text = decoder.decode(first.value);
      expect(text).toContain('notifications/message');
      gate.open();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value);
      bodies.push(text);
      expect((await service.init()).endpoint.fastPathDirect - directBefore).toBe(flag === 'true' ? 1 : 0);
      await service.stop();
    }
    expect(bodies[0]).toContain('"released":true');
    expect(bodies[0]).toBe(bodies[1]);
  });
});
