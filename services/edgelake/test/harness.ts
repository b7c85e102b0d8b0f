import { connectInProcess } from '@mcp/testing';
import { createEdgelakeService } from '../src/server.js';
import { type FakeNode, startNode } from './fake-node.js';

type Env = Record<string, string | undefined>;

export function testEnv(node: FakeNode, extra: Env = {}): Env {
  return { LOG_LEVEL: 'silent', EDGELAKE_BASE_URL: node.upstream.url, EDGELAKE_DEFAULT_DBMS: 'new_company', ...extra };
}

export interface ToolResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content?: unknown;
  _meta?: Record<string, unknown>;
}

export interface Harness {
  node: FakeNode;
  service: ReturnType<typeof createEdgelakeService>;
  client: Awaited<ReturnType<typeof connectInProcess>>;
  call(name: string, args?: Record<string, unknown>): Promise<ToolResult>;
  close(): Promise<void>;
}

/** The service in-process (no socket), driven by the SDK client, against a fake EdgeLake node. */
export async function startHarness(options: { env?: Env; node?: Parameters<typeof startNode>[0] } = {}): Promise<Harness> {
  const node = await startNode(options.node);
  const service = createEdgelakeService(testEnv(node, options.env));
  const client = await connectInProcess(service);
  return {
    node,
    service,
    client,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as ToolResult,
    close: async () => {
      await client.close();
      await service.stop();
      await node.close();
    },
  };
}

export function textOf(result: { content?: unknown }): string {
  return (result.content as Array<{ text?: string }> | undefined)?.[0]?.text ?? '';
}

export const errorCode = (r: ToolResult) => (r._meta?.['io.mcp-fleet/error'] as { code?: string } | undefined)?.code;
