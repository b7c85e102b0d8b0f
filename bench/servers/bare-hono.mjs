/**
 * Target (d): the floor of the HTTP stack. A bare Hono app on @hono/node-server
 * that reads and parses the same POST and answers a fixed JSON-RPC result (the
 * echo tool's result, as the runtime sends it) with the request's id. No MCP.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { ECHO_TEXT, renderEcho } from '../lib/echo.mjs';

const result = {
  content: [{ type: 'text', text: renderEcho(ECHO_TEXT) }],
  structuredContent: { text: ECHO_TEXT },
  resultType: 'complete',
  _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'bare', version: '1.0.0' } },
};

const app = new Hono();
app.post('/mcp', async (c) => {
  const body = await c.req.json();
  return c.json({ result, jsonrpc: '2.0', id: body?.id ?? null });
});

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => process.stderr.write(`bare-hono listening on ${port}\n`));

// Exit normally on SIGTERM, so `node --cpu-prof` (bench/profile.mjs) writes its profile.
process.once('SIGTERM', () => process.exit(0));
