import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createService, defineTool, flushTracing, type UpstreamClient } from '@mcp/runtime';
import { connectHttp, type FakeUpstream, type OtlpReceiver, startFakeUpstream, startOtlpReceiver } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';

/**
 * Issue 8: "one tool call through the gateway produces one trace with gateway,
 * service and upstream spans, and the log lines of all three carry its trace
 * id". Here each hop is its own process or server, as deployed: the gateway is
 * its built entry point (dist/server.js) in a child process, exporting over OTLP
 * and logging pino JSON on stdout, which the test reads; the service runs in
 * this process with its log lines captured; the upstream is a fake HTTP API
 * whose request record is its log line (the traceparent it received).
 */
const GATEWAY_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '../../dist/server.js');

const lookup = defineTool<z.ZodObject<{ id: z.ZodString }>, z.ZodObject<{ found: z.ZodString }>, UpstreamClient>({
  name: 'lookup',
  title: 'Lookup',
  description: 'GET /things/{id} upstream.',
  input: z.object({ id: z.string() }),
  output: z.object({ found: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async ({ id }, ctx) => ctx.client.get<{ found: string }>(`/things/${id}`),
});

type LogLine = Record<string, unknown> & { trace_id?: string; tool?: string };
const parseLines = (text: string): LogLine[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

const dir = mkdtempSync(join(tmpdir(), 'gw-trace-logs-'));
const serviceLines: string[] = [];
let gatewayStdout = '';
let gatewayStderr = '';
let receiver: OtlpReceiver;
let upstream: FakeUpstream;
let service: ReturnType<typeof createService>;
let gateway: ChildProcess | undefined;
let gatewayUrl: string;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\ngateway stderr:\n${gatewayStderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  if (!existsSync(GATEWAY_ENTRY)) throw new Error(`${GATEWAY_ENTRY} is missing: build the gateway first (pnpm --filter @mcp/gateway build)`);
  receiver = await startOtlpReceiver();
  upstream = await startFakeUpstream((app) => app.get('/things/:id', (c) => c.json({ found: c.req.param('id') })));
  service = createService(
    { name: 'things', version: '1.0.0', client: (kit) => kit.upstream({ name: 'things-api', baseUrl: upstream.url, retries: 0 }), tools: [lookup] },
    { env: { LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, logDestination: { write: (l: string) => serviceLines.push(l) } },
  );
  const serviceUrl = (await service.start({ port: 0, host: '127.0.0.1' })).url;
  writeFileSync(join(dir, '.mcp.json'), JSON.stringify({ mcpServers: { things: { type: 'http', url: serviceUrl } } }));
  gateway = spawn(process.execPath, [GATEWAY_ENTRY], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      MCP_CONFIG: join(dir, '.mcp.json'),
      GATEWAY_SQLITE_PATH: join(dir, 'gw.sqlite'),
      GATEWAY_WATCH: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  gateway.stdout?.on('data', (d) => {
    gatewayStdout += d;
  });
  gateway.stderr?.on('data', (d) => {
    gatewayStderr += d;
  });
  gateway.once('exit', (code) => {
    gatewayStderr += `\n[gateway exited ${code}]`;
  });
  gatewayUrl = await until('the gateway to listen', () => /ready at (http:\/\/\S+)/.exec(gatewayStderr)?.[1]);
}, 60_000);

afterAll(async () => {
  gateway?.kill('SIGKILL');
  await service?.stop();
  await upstream?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one tool call through the gateway: one trace id in the spans and in every hop log', () => {
  it('gateway log line, service log line and the upstream request carry the trace of the spans', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const client = await connectHttp(gatewayUrl, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const result = await client.callTool({ name: 'things_lookup', arguments: { id: 'a7' } });
    await client.close();
    expect(result.isError, JSON.stringify(result)).toBeFalsy();
    expect(result.structuredContent).toEqual({ found: 'a7' });

    // Spans: the gateway's arrive from its process over OTLP, the service's and the upstream call's from this one.
    await flushTracing();
    const spans = await until('the gateway and service spans', () => {
      const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
      const hasGateway = inTrace.some((s) => s.service === 'gateway' && s.name === 'tools/call things_lookup');
      const hasService = inTrace.some((s) => s.service === 'things' && s.name === 'tools/call lookup');
      return hasGateway && hasService && inTrace.some((s) => s.name === 'GET things-api') ? inTrace : undefined;
    });
    const upstreamSpan = spans.find((s) => s.name === 'GET things-api')!;

    // Gateway hop: its tool-call log line (stdout of its process).
    const gatewayToolLines = await until('the gateway tool log line', () => {
      const found = parseLines(gatewayStdout).filter((l) => l.tool === 'things_lookup');
      return found.length > 0 ? found : undefined;
    });
    for (const line of gatewayToolLines) expect(line.trace_id, JSON.stringify(line)).toBe(traceId);
    // Every gateway line of that request (not only the tool line) carries it too.
    const gatewayRequestIds = new Set(gatewayToolLines.map((l) => l.request_id));
    for (const line of parseLines(gatewayStdout).filter((l) => gatewayRequestIds.has(l.request_id))) expect(line.trace_id, JSON.stringify(line)).toBe(traceId);

    // Service hop: its tool-call log line.
    const serviceToolLines = parseLines(serviceLines.join('')).filter((l) => l.tool === 'lookup');
    expect(serviceToolLines.length).toBeGreaterThan(0);
    for (const line of serviceToolLines) expect(line.trace_id, JSON.stringify(line)).toBe(traceId);
    expect(serviceToolLines[0]).toMatchObject({ service: 'things', outcome: 'success' });
    expect(gatewayToolLines[0]).toMatchObject({ service: 'gateway', outcome: 'success' });

    // Upstream hop: the request it received carries the trace, with the service's client span as parent.
    const received = upstream.requests.filter((r) => r.path === '/things/a7');
    expect(received).toHaveLength(1);
    expect(received[0]?.headers.traceparent).toBe(`00-${traceId}-${upstreamSpan.spanId}-01`);
  });
});
