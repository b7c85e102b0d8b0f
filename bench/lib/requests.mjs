/**
 * The exact requests the load generator sends, captured from the official
 * clients rather than written by hand: the SDK v2 client pinned to 2026-07-28
 * (for targets a, b, d) and the SDK v1 client after its initialize handshake
 * (for target c, whose session it opens). The JSON-RPC id becomes autocannon's
 * `[<id>]` placeholder so every request in flight has its own id.
 */
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ECHO_TEXT } from './echo.mjs';

export const API_KEY = 'bench-key-0123456789abcdef';
/** A W3C traceparent: the runtime continues this trace on every request. */
export const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** Wraps fetch to record every POST body and header set the SDK sends. */
function recordingFetch(log) {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (request.method === 'POST') {
      const body = await request.clone().text();
      log.push({ headers: Object.fromEntries(request.headers), body });
    }
    return fetch(request);
  };
}

function toTemplate(captured, { drop = [] } = {}) {
  const headers = { ...captured.headers };
  for (const name of drop) delete headers[name];
  const message = JSON.parse(captured.body);
  message.id = '[<id>]';
  return { headers, body: JSON.stringify(message), message };
}

/** Calls echo once through the SDK v2 client (2026-07-28 pinned) and returns the tools/call request it sent. */
export async function captureV2(mcpUrl, { apiKey = API_KEY } = {}) {
  const log = [];
  const client = new ClientV2({ name: 'mcp-bench', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  const transport = new TransportV2(new URL(mcpUrl), {
    fetch: recordingFetch(log),
    requestInit: { headers: { authorization: `Bearer ${apiKey}`, traceparent: TRACEPARENT } },
  });
  await client.connect(transport);
  const result = await client.callTool({ name: 'echo', arguments: { text: ECHO_TEXT } });
  await client.close();
  if (result.structuredContent?.text !== ECHO_TEXT) throw new Error(`SDK v2 client: unexpected echo result ${JSON.stringify(result)}`);
  const call = log.find((r) => JSON.parse(r.body).method === 'tools/call');
  if (!call) throw new Error('SDK v2 client sent no tools/call');
  return toTemplate(call);
}

/** Opens a session on the v1 server with the SDK v1 client, calls echo, and returns that request (with its Mcp-Session-Id). */
export async function captureV1(mcpUrl) {
  const log = [];
  const client = new ClientV1({ name: 'mcp-bench-v1', version: '1.0.0' });
  const transport = new TransportV1(new URL(mcpUrl), { fetch: recordingFetch(log) });
  await client.connect(transport);
  const result = await client.callTool({ name: 'echo', arguments: { text: ECHO_TEXT } });
  // close() aborts the client's streams without a DELETE: the session stays open on the server.
  await client.close();
  if (result.structuredContent?.text !== ECHO_TEXT) throw new Error(`SDK v1 client: unexpected echo result ${JSON.stringify(result)}`);
  const call = log.find((r) => JSON.parse(r.body).method === 'tools/call');
  if (!call) throw new Error('SDK v1 client sent no tools/call');
  if (!call.headers['mcp-session-id']) throw new Error('SDK v1 client sent no Mcp-Session-Id');
  return toTemplate(call);
}

/**
 * Sends the template once with a concrete id and checks the answer is the echo
 * result (JSON or a one-event SSE stream): the same bytes autocannon will send.
 */
export async function checkTemplate(mcpUrl, template) {
  const body = template.body.replace('[<id>]', 'check-1');
  const res = await fetch(mcpUrl, { method: 'POST', headers: template.headers, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`check: HTTP ${res.status}: ${text.slice(0, 300)}`);
  const json = res.headers.get('content-type')?.includes('text/event-stream')
    ? JSON.parse(
        text
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .find((l) => l.includes('"result"')) ?? 'null',
      )
    : JSON.parse(text);
  if (json?.id !== 'check-1' || json?.result?.structuredContent?.text !== ECHO_TEXT) throw new Error(`check: unexpected answer ${text.slice(0, 300)}`);
  return { status: res.status, contentType: res.headers.get('content-type'), bytes: Buffer.byteLength(text) };
}
