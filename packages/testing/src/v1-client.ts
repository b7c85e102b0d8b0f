import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport as V1SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport as V1StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export type { V1Client };

/**
 * The SDK v1 client (`@modelcontextprotocol/sdk`), which speaks the 2025-11-25
 * protocol: initialize handshake, Mcp-Session-Id, GET notification stream.
 * Many deployed agents still use it; every service must keep serving them.
 */
export async function connectV1(url: string, options: { headers?: Record<string, string> } = {}): Promise<V1Client> {
  const client = new V1Client({ name: 'mcp-fleet-test-v1', version: '1.0.0' });
  await client.connect(new V1StreamableHTTPClientTransport(new URL(url), options.headers ? { requestInit: { headers: options.headers } } : undefined));
  return client;
}

/** The v1 client over the legacy HTTP+SSE transport (protocol 2024-11-05). */
export async function connectV1Sse(url: string, options: { headers?: Record<string, string> } = {}): Promise<V1Client> {
  const client = new V1Client({ name: 'mcp-fleet-test-v1-sse', version: '1.0.0' });
  await client.connect(new V1SSEClientTransport(new URL(url), options.headers ? { requestInit: { headers: options.headers } } : undefined));
  return client;
}
