import { connectInProcess } from '@mcp/testing';
import { createK8sService } from '../src/server.js';
import { type FakeApiServer, startApiServer, TOKEN } from './fake-apiserver.js';

type Env = Record<string, string | undefined>;

/** Settings of a service pointed at the fake API server with a token. */
export function testEnv(api: FakeApiServer, extra: Env = {}): Env {
  return {
    LOG_LEVEL: 'silent',
    K8S_BASE_URL: api.upstream.url,
    K8S_TOKEN: TOKEN,
    K8S_ALLOWED_NAMESPACES: 'default,team-*,restricted,throttled,broken,garbled',
    ...extra,
  };
}

export interface ToolResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content?: unknown;
  _meta?: Record<string, unknown>;
}

export interface Harness {
  api: FakeApiServer;
  service: ReturnType<typeof createK8sService>;
  client: Awaited<ReturnType<typeof connectInProcess>>;
  call(name: string, args?: Record<string, unknown>): Promise<ToolResult>;
  close(): Promise<void>;
}

/** The service in-process (no socket), driven by the SDK client, against the fake API server. */
export async function startHarness(options: { env?: Env } = {}): Promise<Harness> {
  const api = await startApiServer();
  const service = createK8sService(testEnv(api, options.env));
  const client = await connectInProcess(service);
  return {
    api,
    service,
    client,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as ToolResult,
    close: async () => {
      await client.close();
      await service.stop();
      await api.close();
    },
  };
}

export function textOf(result: { content?: unknown }): string {
  return (result.content as Array<{ text?: string }> | undefined)?.[0]?.text ?? '';
}

export const errorCode = (r: ToolResult) => (r._meta?.['io.mcp-fleet/error'] as { code?: string } | undefined)?.code;
