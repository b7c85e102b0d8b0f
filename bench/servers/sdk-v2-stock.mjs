/**
 * Target (b): the SDK v2's stock server. `createMcpHandler` with a factory that
 * builds a new McpServer (and registers the tool) for every request, mounted on
 * the SDK's Hono app (`createMcpHonoApp`: localhost Host/Origin validation and
 * JSON body parsing) on @hono/node-server.
 */
import { serve } from '@hono/node-server';
import { createMcpHonoApp } from '@modelcontextprotocol/hono';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { ECHO, renderEcho } from '../lib/echo.mjs';

function buildServer() {
  const server = new McpServer({ name: 'stock-v2', version: '1.0.0' });
  server.registerTool(
    ECHO.name,
    {
      title: ECHO.title,
      description: ECHO.description,
      inputSchema: z.object({ text: z.string() }),
      outputSchema: z.object({ text: z.string() }),
      annotations: ECHO.annotations,
    },
    async ({ text }) => ({ content: [{ type: 'text', text: renderEcho(text) }], structuredContent: { text } }),
  );
  return server;
}

const handler = createMcpHandler(() => buildServer());
const app = createMcpHonoApp();
app.all('/mcp', (c) => handler.fetch(c.req.raw, { parsedBody: c.get('parsedBody') }));

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => process.stderr.write(`stock-v2 listening on ${port}\n`));

// Exit normally on SIGTERM, so `node --cpu-prof` (bench/profile.mjs) writes its profile.
process.once('SIGTERM', () => process.exit(0));
