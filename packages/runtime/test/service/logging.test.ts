import { connectHttp, connectV1 } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, defineTool, type RunningServer } from '../../src/index.js';
import * as z from 'zod';
import { startFakeUpstream, type FakeUpstream } from '@mcp/testing';

const TOKEN = 'ghp_SuperSecretToken_1234567890abcdef';
const API_KEY = 'inbound-key-0987654321-zyx';
const lines: string[] = [];
const sink = { write: (line: string) => lines.push(line) };
let upstream: FakeUpstream;
let server: RunningServer;

const leaky = defineTool({
  name: 'leaky',
  title: 'Leaky',
  description: 'Logs its arguments and an upstream error at debug level, to prove redaction.',
  input: z.object({ token: z.string(), note: z.string() }),
  output: z.object({ ok: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async (args, ctx) => {
    ctx.logger.debug({ args, headers: { authorization: `Bearer ${args.token}` } }, `debug line mentioning ${args.token}`);
    ctx.logger.trace({ password: args.token, nested: { deeper: { value: args.token } } }, 'trace line');
    const client = ctx.client as { get(path: string): Promise<unknown> };
    await client.get('/echo-auth').catch((error: Error) => ctx.logger.debug({ err: error }, 'upstream failed'));
    return { ok: true };
  },
});

const service = createService(
  {
    name: 'logcheck',
    version: '1.0.0',
    env: z.object({ LOGCHECK_TOKEN: z.string(), LOGCHECK_BASE_URL: z.string() }),
    client: (kit) =>
      kit.upstream({ name: 'echo', baseUrl: kit.env.LOGCHECK_BASE_URL, retries: 0, headers: { authorization: `token ${kit.env.LOGCHECK_TOKEN}` } }),
    tools: [leaky],
  },
  {
    env: {
      LOG_LEVEL: 'trace',
      MCP_API_KEYS: API_KEY,
      get LOGCHECK_BASE_URL() {
        return upstream.url;
      },
      LOGCHECK_TOKEN: TOKEN,
    },
    logDestination: sink,
  },
);

beforeAll(async () => {
  // The upstream echoes the Authorization header it received in an error body.
  upstream = await startFakeUpstream((app) => app.get('/echo-auth', (c) => c.json({ message: `bad credentials: ${c.req.header('authorization')}` }, 500)));
  server = await service.start({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await service.stop();
  await upstream.close();
});

describe('logs', () => {
  it('never contain a secret from the env or the request, even at trace level', async () => {
    const modern = await connectHttp(server.url, {
      headers: { authorization: `Bearer ${API_KEY}`, traceparent: '00-11111111111111111111111111111111-2222222222222222-01' },
    });
    await modern.callTool({ name: 'leaky', arguments: { token: TOKEN, note: API_KEY } });
    await modern.close();
    const v1 = await connectV1(server.url, { headers: { 'x-api-key': API_KEY } });
    await v1.callTool({ name: 'leaky', arguments: { token: TOKEN, note: 'v1' } });
    await v1.close();
    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).toContain('[REDACTED]');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain('SuperSecretToken');
  });

  it('carry service, request_id, trace_id, tool, outcome and duration_ms on tool lines', async () => {
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const toolLine = records.find((r) => r.msg === 'tool call' && r.trace_id === '11111111111111111111111111111111');
    expect(toolLine).toMatchObject({ service: 'logcheck', tool: 'leaky', outcome: 'success', level: 'info' });
    expect(typeof toolLine?.request_id).toBe('string');
    expect(typeof toolLine?.duration_ms).toBe('number');
    for (const r of records) expect(r.service).toBe('logcheck');
  });
});
