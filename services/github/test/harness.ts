import { callTool, type Env, type FakeUpstream, type ServiceHarness, startFakeUpstream, startServiceHarness } from '@mcp/testing';
import { createGithubService } from '../src/server.js';
import { octocat, rateHeaders, rateLimit } from './fixtures.js';

export { textOf } from '@mcp/testing';

/** Settings of a fully configured service pointed at a fake upstream. */
export function testEnv(upstream: FakeUpstream, extra: Env = {}): Env {
  return {
    LOG_LEVEL: 'silent',
    GITHUB_BASE_URL: upstream.url,
    GITHUB_TOKEN: 'ghp_test-token-1234',
    ...extra,
  };
}

/**
 * A fake GitHub: routes given by a test come first, then GET /rate_limit and
 * GET /user answer as documented, with the rate-limit and scope headers.
 */
export function startUpstream(routes?: (app: FakeUpstream['app']) => void): Promise<FakeUpstream> {
  return startFakeUpstream((app) => {
    routes?.(app);
    app.get('/rate_limit', (c) => c.json(rateLimit, 200, rateHeaders));
    app.get('/user', (c) => c.json({ ...octocat, name: 'monalisa octocat' }, 200, { ...rateHeaders, 'x-oauth-scopes': 'repo, read:org' }));
  });
}

export type Harness = ServiceHarness<ReturnType<typeof createGithubService>, FakeUpstream>;

/** The service in-process (no socket), driven by the SDK client, against a fake upstream. */
export function startHarness(options: { routes?: (app: FakeUpstream['app']) => void; env?: Env } = {}): Promise<Harness> {
  return startServiceHarness({
    upstream: () => startUpstream(options.routes),
    createService: (upstream) => createGithubService(testEnv(upstream, options.env)),
  });
}

/** Calls a tool and returns its result with typed structured content. */
export function call<T = Record<string, unknown>>(harness: Harness, name: string, args: Record<string, unknown> = {}) {
  return callTool<T>(harness.client, name, args);
}
