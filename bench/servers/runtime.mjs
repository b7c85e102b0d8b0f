/**
 * Target (a): a service on @mcp/runtime with everything on. The parent sets
 * MCP_API_KEYS (auth), LOG_LEVEL=info (pino JSON lines on stdout, which the
 * parent sends to /dev/null), and sends a traceparent on every request
 * (continued, answered, on every log line); metrics are always on.
 *
 * Tools: `echo` (the throughput target) and `big_result` (largeResult: true,
 * the 50 MB blocks-vs-inline measurement).
 */
import * as z from 'zod';
import { createService, defineTool } from '../../packages/runtime/dist/index.js';
import { ECHO, makePayload } from '../lib/echo.mjs';

const echo = defineTool({
  ...ECHO,
  input: z.object({ text: z.string() }),
  output: z.object({ text: z.string() }),
  handler: async ({ text }) => ({ text }),
});

const bigResult = defineTool({
  name: 'big_result',
  title: 'Big result',
  description: 'Returns a deterministic payload of the requested size (UTF-8 bytes).',
  input: z.object({ bytes: z.number().int().min(1).max(200_000_000) }),
  output: z.object({ data: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  largeResult: true,
  handler: async ({ bytes }) => ({ data: makePayload(bytes) }),
});

await createService({ name: 'bench', version: '0.1.0', tools: [echo, bigResult] }).main();
