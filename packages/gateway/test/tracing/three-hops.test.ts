import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createService, defineTool, flushTracing, type UpstreamClient } from '@mcp/runtime';
import { connectHttp, type FakeUpstream, type OtlpReceiver, startFakeUpstream, startOtlpReceiver } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createGateway } from '../../src/server.js';

/**
 * Issue 8's trace acceptance, in one process (so one tracer provider): a tool
 * call through the gateway gives one trace holding the gateway's spans, the
 * service's spans and the upstream call's span, and the service's log lines
 * carry that trace id. traceparent crosses both real HTTP hops.
 */
const lookup = defineTool<z.ZodObject<{ id: z.ZodString }>, z.ZodObject<{ upstreamTraceparent: z.ZodString }>, UpstreamClient>({
  name: 'lookup',
  title: 'Lookup',
  description: 'GET /things/{id} upstream.',
  input: z.object({ id: z.string() }),
  output: z.object({ upstreamTraceparent: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async ({ id }, ctx) => ctx.client.get<{ upstreamTraceparent: string }>(`/things/${id}`),
});

const dir = mkdtempSync(join(tmpdir(), 'gw-trace-'));
const lines: string[] = [];
let receiver: OtlpReceiver;
let upstream: FakeUpstream;
let service: ReturnType<typeof createService>;
let gateway: ReturnType<typeof createGateway>;
let gatewayUrl: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  upstream = await startFakeUpstream((app) => app.get('/things/:id', (c) => c.json({ upstreamTraceparent: c.req.header('traceparent') ?? '' })));
  service = createService(
    { name: 'things', version: '1.0.0', client: (kit) => kit.upstream({ name: 'things-api', baseUrl: upstream.url, retries: 0 }), tools: [lookup] },
    { env: { LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, logDestination: { write: (l: string) => lines.push(l) } },
  );
  const serviceUrl = (await service.start({ port: 0, host: '127.0.0.1' })).url;
  writeFileSync(join(dir, '.mcp.json'), JSON.stringify({ mcpServers: { things: { type: 'http', url: serviceUrl } } }));
  gateway = createGateway({
    LOG_LEVEL: 'silent',
    MCP_CONFIG: join(dir, '.mcp.json'),
    GATEWAY_SQLITE_PATH: join(dir, 'gw.sqlite'),
    GATEWAY_WATCH: 'false',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  });
  gatewayUrl = (await gateway.start({ port: 0, host: '127.0.0.1' })).url;
});
afterAll(async () => {
  await gateway?.stop();
  await service?.stop();
  await upstream?.close();
  await receiver?.close();
});

describe('one tool call through the gateway is one trace', () => {
  it('gateway → service → upstream spans share the trace, parent by parent, and the service logs carry it', async () => {
    const traceId = '5b8efff798038103d269b633813fc60c';
    const client = await connectHttp(gatewayUrl, { headers: { traceparent: `00-${traceId}-eee19b7ec3c1b174-01` } });
    const result = await client.callTool({ name: 'things_lookup', arguments: { id: 'a1' } });
    await client.close();
    expect(result.isError, JSON.stringify(result)).toBeFalsy();
    await flushTracing();
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const upstreamSpan = spans.find((s) => s.name === 'GET things-api');
    expect(upstreamSpan, JSON.stringify(spans.map((s) => s.name))).toBeDefined();
    // Walk from the upstream call up to the caller's span: it must cross the service's tool span and the gateway's.
    const chain: string[] = [];
    for (let s = upstreamSpan; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) chain.push(s.name);
    expect(chain).toContain('tools/call lookup'); // the service's tool span
    expect(chain).toContain('tools/call things_lookup'); // the gateway's tool span
    expect(chain.filter((n) => n === 'POST /mcp').length).toBeGreaterThanOrEqual(2); // a request span in each hop
    // The upstream saw our client span as its parent.
    const sent = (result.structuredContent as { upstreamTraceparent: string }).upstreamTraceparent;
    expect(sent).toBe(`00-${traceId}-${upstreamSpan?.spanId}-01`);
    const serviceLines = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.tool === 'lookup');
    expect(serviceLines.length).toBeGreaterThan(0);
    for (const line of serviceLines) expect(line.trace_id).toBe(traceId);
  });
});
