import { callTool, type Env, type FakeUpstream, type RecordedRequest, type ServiceHarness, startFakeUpstream, startServiceHarness } from '@mcp/testing';
import { createPortkeyAdminService } from '../src/server.js';
import { configList } from './fixtures.js';

export { textOf } from '@mcp/testing';

export const API_KEY = 'pk-admin-test-key-1234';

/** Settings of a fully configured service pointed at a fake upstream. */
export function testEnv(upstream: FakeUpstream, extra: Env = {}): Env {
  return { LOG_LEVEL: 'silent', PORTKEY_ADMIN_BASE_URL: upstream.url, PORTKEY_ADMIN_API_KEY: API_KEY, ...extra };
}

/** A fake Portkey control plane: routes given by a test come first, then GET /configs answers as documented. */
export function startUpstream(routes?: (app: FakeUpstream['app']) => void): Promise<FakeUpstream> {
  return startFakeUpstream((app) => {
    routes?.(app);
    app.get('/configs', (c) => c.json(configList));
  });
}

export type Harness = ServiceHarness<ReturnType<typeof createPortkeyAdminService>, FakeUpstream>;

/** The service in-process (no socket), driven by the SDK client, against a fake upstream. */
export function startHarness(options: { routes?: (app: FakeUpstream['app']) => void; env?: Env } = {}): Promise<Harness> {
  return startServiceHarness({
    upstream: () => startUpstream(options.routes),
    createService: (upstream) => createPortkeyAdminService(testEnv(upstream, options.env)),
  });
}

/** Calls a tool and returns its result with typed structured content. */
export function call<T = Record<string, unknown>>(harness: Harness, name: string, args: Record<string, unknown> = {}) {
  return callTool<T>(harness.client, name, args);
}

/** The requests made to one upstream path. */
export function callsTo(harness: Harness, path: string): RecordedRequest[] {
  return harness.upstream.requests.filter((r) => r.path === path);
}
