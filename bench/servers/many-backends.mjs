/**
 * Backends for the 38-backend `tools/list` measurement (issue 5): one process
 * serves BENCH_BACKENDS (default 38) independent MCP servers, each on its own
 * path `/b<NN>/mcp` of one port (PORT), instead of 38 processes on a 2-core machine.
 * Each server has its own tool set — 5 to 10 tools with zod input and output
 * schemas, descriptions and annotations, like a real service's — built once
 * and reused (SDK v2 `createMcpHandler`, pooled servers, as in target (e)).
 * `GET /ready` answers 200 once listening.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { backendName, MANY_BACKENDS, toolCount } from '../lib/many.mjs';

const COUNT = Number(process.env.BENCH_BACKENDS ?? MANY_BACKENDS);
const VERBS = ['list', 'get', 'create', 'update', 'delete', 'search', 'archive', 'restore', 'export', 'sync'];
const NOUNS = ['issues', 'pages', 'tickets', 'records', 'files', 'users', 'events', 'builds', 'alerts', 'notes'];

/** One realistic tool definition (the same shape a fleet service registers). */
function toolSpec(i, t) {
  const verb = VERBS[t % VERBS.length];
  const noun = NOUNS[(i + t) % NOUNS.length];
  const readOnly = verb === 'list' || verb === 'get' || verb === 'search' || verb === 'export';
  return {
    name: `${verb}_${noun}`,
    config: {
      title: `${verb[0].toUpperCase()}${verb.slice(1)} ${noun}`,
      description: `${verb[0].toUpperCase()}${verb.slice(1)} ${noun} in service ${i}. Results are paginated; pass the cursor from the previous page to continue.`,
      inputSchema: z.object({
        query: z.string().max(500).describe('Free-text filter'),
        project: z
          .string()
          .regex(/^[a-z0-9-]{1,64}$/)
          .optional()
          .describe('Project key'),
        limit: z.number().int().min(1).max(100).default(20).describe('Page size'),
        cursor: z.string().optional().describe('Opaque cursor from the previous page'),
        fields: z.array(z.enum(['id', 'title', 'status', 'owner', 'updated_at'])).optional(),
      }),
      outputSchema: z.object({
        items: z.array(z.object({ id: z.string(), title: z.string(), status: z.enum(['open', 'closed', 'pending']), updated_at: z.string() })),
        next_cursor: z.string().nullable(),
        total: z.number().int(),
      }),
      annotations: { readOnlyHint: readOnly, destructiveHint: verb === 'delete', idempotentHint: readOnly, openWorldHint: true },
    },
  };
}

function buildServer(i) {
  const server = new McpServer({ name: `bench-backend-${i}`, version: '1.0.0' });
  for (let t = 0; t < toolCount(i); t++) {
    const { name, config } = toolSpec(i, t);
    server.registerTool(name, config, async ({ query, limit }) => {
      const structured = {
        items: [{ id: `${i}-1`, title: query, status: 'open', updated_at: '2026-01-01T00:00:00Z' }].slice(0, limit),
        next_cursor: null,
        total: 1,
      };
      return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
    });
  }
  return server;
}

const app = new Hono();
for (let i = 0; i < COUNT; i++) {
  const idle = [];
  const acquire = () => {
    const server = idle.pop() ?? buildServer(i);
    server.server.onclose = () => {
      server.server.onclose = undefined;
      idle.push(server);
    };
    return server;
  };
  const handler = createMcpHandler(() => acquire(), { legacy: 'reject' });
  const path = `/${backendName(i)}/mcp`;
  app.post(path, (c) => handler.fetch(c.req.raw));
  app.get(path, (c) => handler.fetch(c.req.raw));
}
app.get('/ready', (c) => c.text('ok'));

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => process.stderr.write(`${COUNT} backends listening on ${port}\n`));
process.once('SIGTERM', () => process.exit(0));
