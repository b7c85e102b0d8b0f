/**
 * Target (c): the SDK v1 (`@modelcontextprotocol/sdk`) stock Streamable HTTP
 * server, as in its `examples/server/simpleStreamableHttp` example: Express via
 * `createMcpExpressApp`, one McpServer + StreamableHTTPServerTransport per
 * session (created on `initialize`), later requests routed by Mcp-Session-Id.
 * The example's OAuth, task store and InMemoryEventStore (resumability) are
 * left out: they only add work, so this is the faster form of the baseline.
 */
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod/v4';
import { ECHO, renderEcho } from '../lib/echo.mjs';

const getServer = () => {
  const server = new McpServer({ name: 'stock-v1', version: '1.0.0' }, { capabilities: { logging: {} } });
  server.registerTool(
    ECHO.name,
    {
      title: ECHO.title,
      description: ECHO.description,
      inputSchema: { text: z.string() },
      outputSchema: { text: z.string() },
      annotations: ECHO.annotations,
    },
    async ({ text }) => ({ content: [{ type: 'text', text: renderEcho(text) }], structuredContent: { text } }),
  );
  return server;
};

const transports = {};
const app = createMcpExpressApp();

app.post('/mcp', async (req, res) => {
  const sessionId = req.headers['mcp-session-id'];
  try {
    let transport;
    if (sessionId && transports[sessionId]) {
      transport = transports[sessionId];
    } else if (!sessionId && isInitializeRequest(req.body)) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          transports[id] = transport;
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) delete transports[transport.sessionId];
      };
      await getServer().connect(transport);
      await transport.handleRequest(req, res, req.body);
      return;
    } else {
      res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: No valid session ID provided' }, id: null });
      return;
    }
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    console.error('Error handling MCP request:', error);
    if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
  }
});

const sessionRequest = async (req, res) => {
  const sessionId = req.headers['mcp-session-id'];
  if (!sessionId || !transports[sessionId]) {
    res.status(400).send('Invalid or missing session ID');
    return;
  }
  await transports[sessionId].handleRequest(req, res);
};
app.get('/mcp', sessionRequest);
app.delete('/mcp', sessionRequest);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, '127.0.0.1', () => process.stderr.write(`stock-v1 listening on ${port}\n`));

// Exit normally on SIGTERM, so `node --cpu-prof` (bench/profile.mjs) writes its profile.
process.once('SIGTERM', () => process.exit(0));
