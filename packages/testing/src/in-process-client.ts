import { Client, SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

/** Anything that answers HTTP requests in-process: a service, a Hono app. */
export interface FetchTarget {
  fetch(request: Request): Promise<Response> | Response;
}

export type ProtocolGeneration = 'modern' | 'legacy';

export interface InProcessClientOptions {
  /** `modern` pins 2026-07-28 (stateless); `legacy` runs the 2025 initialize handshake. */
  protocol?: ProtocolGeneration;
  headers?: Record<string, string>;
  /** Base URL the requests appear to target (Host validation sees its host). */
  baseUrl?: string;
}

/**
 * Connects the official SDK v2 client to a service without a socket: the
 * transport's fetch calls the service's handler directly. Unit tests drive
 * every tool through the real MCP handler this way.
 */
export async function connectInProcess(target: FetchTarget, options: InProcessClientOptions = {}): Promise<Client> {
  const baseUrl = options.baseUrl ?? 'http://localhost/mcp';
  const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    for (const [k, v] of Object.entries(options.headers ?? {})) request.headers.set(k, v);
    return target.fetch(request);
  };
  return connectClient(new URL(baseUrl), { ...options, fetch: fetchFn as typeof fetch });
}

/** The SDK v2 client over real HTTP. */
export async function connectHttp(url: string, options: InProcessClientOptions & { fetch?: typeof fetch } = {}): Promise<Client> {
  return connectClient(new URL(url), options);
}

async function connectClient(url: URL, options: InProcessClientOptions & { fetch?: typeof fetch }): Promise<Client> {
  const protocol = options.protocol ?? 'modern';
  const client = new Client({ name: 'mcp-fleet-test', version: '1.0.0' }, protocol === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {});
  const transport = new StreamableHTTPClientTransport(url, {
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.headers && { requestInit: { headers: options.headers } }),
  });
  await client.connect(transport);
  return client;
}

/** The SDK v2 client over the deprecated HTTP+SSE transport (2024-11-05 servers). */
export async function connectSse(sseUrl: string, options: { headers?: Record<string, string> } = {}): Promise<Client> {
  const client = new Client({ name: 'mcp-fleet-test-sse', version: '1.0.0' });
  const transport = new SSEClientTransport(new URL(sseUrl), {
    ...(options.headers && {
      requestInit: { headers: options.headers },
      eventSourceInit: {
        fetch: (u: string | URL, init?: RequestInit) => fetch(u, { ...init, headers: { ...(init?.headers as Record<string, string>), ...options.headers } }),
      },
    }),
  });
  await client.connect(transport);
  return client;
}
