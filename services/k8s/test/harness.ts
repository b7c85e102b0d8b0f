import { type Env, type ServiceHarness, startServiceHarness } from '@mcp/testing';
import { createK8sService } from '../src/server.js';
import { type FakeApiServer, startApiServer, TOKEN } from './fake-apiserver.js';

export { errorCodeOf as errorCode, textOf, type ToolResult } from '@mcp/testing';

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

export type Harness = ServiceHarness<ReturnType<typeof createK8sService>, FakeApiServer> & { api: FakeApiServer };

/** The service in-process (no socket), driven by the SDK client, against the fake API server. */
export async function startHarness(options: { env?: Env } = {}): Promise<Harness> {
  const h = await startServiceHarness({ upstream: () => startApiServer(), createService: (api) => createK8sService(testEnv(api, options.env)) });
  return { ...h, api: h.upstream };
}
