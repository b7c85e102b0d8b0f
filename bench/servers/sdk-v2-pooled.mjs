/**
 * Diagnostic target (e), not one of the issue's four: the SDK v2's
 * `createMcpHandler` as in (b), but with McpServer instances reused from a
 * pool (the runtime's strategy) and no middleware at all. It separates what
 * the SDK's per-request exchange costs from what the runtime adds on top.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { ECHO, renderEcho } from '../lib/echo.mjs';

const input = z.object({ text: z.string() });
const output = z.object({ text: z.string() });
function buildServer() {
  const server = new McpServer({ name: 'pooled-v2', version: '1.0.0' });
  server.registerTool(
    ECHO.name,
    { title: ECHO.title, description: ECHO.description, inputSchema: input, outputSchema: output, annotations: ECHO.annotations },
    async ({ text }) => ({ content: [{ type: 'text', text: renderEcho(text) }], structuredContent: { text } }),
  );
  return server;
}

const idle = [];
function acquire() {
  const server = idle.pop() ?? buildServer();
  server.server.onclose = () => {
    server.server.onclose = undefined;
    idle.push(server);
  };
  return server;
}

const handler = createMcpHandler(() => acquire(), { legacy: 'reject' });
const app = new Hono();
app.post('/mcp', (c) => handler.fetch(c.req.raw));

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => process.stderr.write(`pooled-v2 listening on ${port}\n`));

// Exit normally on SIGTERM, so `node --cpu-prof` (bench/profile.mjs) writes its profile.
process.once('SIGTERM', () => process.exit(0));
