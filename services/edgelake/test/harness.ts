import { type Env, type ServiceHarness, startServiceHarness } from '@mcp/testing';
import { createEdgelakeService } from '../src/server.js';
import { type FakeNode, startNode } from './fake-node.js';

export { errorCodeOf as errorCode, textOf, type ToolResult } from '@mcp/testing';

export function testEnv(node: FakeNode, extra: Env = {}): Env {
  return { LOG_LEVEL: 'silent', EDGELAKE_BASE_URL: node.upstream.url, EDGELAKE_DEFAULT_DBMS: 'new_company', ...extra };
}

export type Harness = ServiceHarness<ReturnType<typeof createEdgelakeService>, FakeNode> & { node: FakeNode };

/** The service in-process (no socket), driven by the SDK client, against a fake EdgeLake node. */
export async function startHarness(options: { env?: Env; node?: Parameters<typeof startNode>[0] } = {}): Promise<Harness> {
  const h = await startServiceHarness({ upstream: () => startNode(options.node), createService: (node) => createEdgelakeService(testEnv(node, options.env)) });
  return { ...h, node: h.upstream };
}
