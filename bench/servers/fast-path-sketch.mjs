/**
 * Diagnostic target (f), not one of the four: a sketch of what a
 * direct 2026-07-28 `tools/call` path could cost if the runtime answered it
 * itself instead of through the SDK's per-request exchange (createMcpHandler).
 * It keeps the work the runtime's middleware does — API-key check (SHA-256,
 * constant time), Host check, request id, traceparent continued and answered,
 * the runtime's own pino logger (same redaction) with one line per call, the
 * runtime's Prometheus metrics, zod validation of input and output, the text
 * rendering, the 2026-07-28 envelope checks (header/body agreement) — and
 * drops the SDK exchange. Only the `echo` tool; anything else gets -32601.
 * It is a measurement aid for the runtime's owner, not a server to ship.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import * as z from 'zod';
import { continueTrace, createLogger, formatTraceparent, toolCallDuration, toolCallsTotal } from '../../packages/runtime/dist/index.js';
import { ECHO } from '../lib/echo.mjs';

const SERVICE = 'bench';
const keys = (process.env.MCP_API_KEYS ?? '').split(',').filter(Boolean);
const digests = keys.map((k) => createHash('sha256').update(k).digest());
const logger = createLogger({ service: SERVICE, level: process.env.LOG_LEVEL ?? 'info', secrets: keys });
const MAX_BODY = 4 * 1024 * 1024;
const ALLOWED_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const tools = new Map([
  [ECHO.name, { input: z.object({ text: z.string() }), output: z.object({ text: z.string() }), handler: async ({ text }) => ({ text }) }],
]);
const serverInfo = { 'io.modelcontextprotocol/serverInfo': { name: SERVICE, version: '0.1.0' } };
const rpcError = (c, status, id, code, message) => c.json({ jsonrpc: '2.0', id, error: { code, message } }, status);

function authorized(c) {
  if (digests.length === 0) return true;
  const header = c.req.header('authorization');
  const presented = header?.startsWith('Bearer ') ? header.slice(7) : c.req.header('x-api-key');
  if (!presented) return false;
  const d = createHash('sha256').update(presented).digest();
  let ok = false;
  for (const k of digests) if (timingSafeEqual(d, k)) ok = true;
  return ok;
}

const app = new Hono();
app.post('/mcp', async (c) => {
  const started = performance.now();
  const requestId = c.req.header('x-request-id')?.slice(0, 128) || randomUUID();
  const trace = continueTrace(c.req.header('traceparent'));
  c.header('x-request-id', requestId);
  c.header('traceparent', formatTraceparent(trace));
  const host = (c.req.header('host') ?? '').replace(/:\d+$/, '');
  if (!ALLOWED_HOSTS.has(host)) return rpcError(c, 403, null, -32000, 'Forbidden host');
  if (!authorized(c)) return rpcError(c, 401, null, -32001, 'Unauthorized');
  if (Number(c.req.header('content-length') ?? 0) > MAX_BODY) return rpcError(c, 413, null, -32000, 'Request body too large');
  let msg;
  try {
    msg = JSON.parse(await c.req.text());
  } catch {
    return rpcError(c, 400, null, -32700, 'Parse error');
  }
  const id = msg?.id ?? null;
  const version = c.req.header('mcp-protocol-version');
  if (msg?.jsonrpc !== '2.0' || typeof msg.method !== 'string') return rpcError(c, 400, id, -32600, 'Invalid Request');
  if (version !== '2026-07-28' || msg.params?._meta?.['io.modelcontextprotocol/protocolVersion'] !== version) {
    return rpcError(c, 400, id, -32600, 'This sketch serves 2026-07-28 requests only');
  }
  if (c.req.header('mcp-method') !== msg.method || c.req.header('mcp-name') !== msg.params?.name) {
    return rpcError(c, 400, id, -32600, 'Mcp-Method / Mcp-Name headers do not match the body');
  }
  if (msg.method !== 'tools/call') return rpcError(c, 200, id, -32601, `Method not found: ${msg.method}`);
  const tool = tools.get(msg.params.name);
  if (!tool) return rpcError(c, 200, id, -32602, `Unknown tool: ${msg.params.name}`);
  const args = tool.input.safeParse(msg.params.arguments ?? {});
  let result;
  let outcome = 'success';
  if (!args.success) {
    outcome = 'invalid';
    result = { content: [{ type: 'text', text: `Invalid arguments: ${args.error.message}` }], isError: true };
  } else {
    const output = tool.output.parse(await tool.handler(args.data));
    result = { content: [{ type: 'text', text: JSON.stringify(output, null, 2) }], structuredContent: output };
  }
  const durationMs = performance.now() - started;
  toolCallsTotal.inc({ service: SERVICE, tool: msg.params.name, outcome });
  toolCallDuration.observe({ service: SERVICE, tool: msg.params.name, outcome }, durationMs / 1000);
  logger.info({ request_id: requestId, trace_id: trace.traceId, tool: msg.params.name, outcome, duration_ms: Math.round(durationMs * 100) / 100 }, 'tool call');
  return c.json({ result: { ...result, resultType: 'complete', _meta: serverInfo }, jsonrpc: '2.0', id });
});

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => process.stderr.write(`fast-path sketch listening on ${port}\n`));

// Exit normally on SIGTERM, so `node --cpu-prof` (bench/profile.mjs) writes its profile.
process.once('SIGTERM', () => process.exit(0));
