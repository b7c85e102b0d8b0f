import { connectInProcess, type FakeUpstream, startFakeUpstream } from '@mcp/testing';
import { createGithubService } from '../src/server.js';
import { octocat, rateHeaders, rateLimit } from './fixtures.js';

type Env = Record<string, string | undefined>;

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

export interface Harness {
  upstream: FakeUpstream;
  service: ReturnType<typeof createGithubService>;
  client: Awaited<ReturnType<typeof connectInProcess>>;
  close(): Promise<void>;
}

/** The service in-process (no socket), driven by the SDK client, against a fake upstream. */
export async function startHarness(options: { routes?: (app: FakeUpstream['app']) => void; env?: Env } = {}): Promise<Harness> {
  const upstream = await startUpstream(options.routes);
  const service = createGithubService(testEnv(upstream, options.env));
  const client = await connectInProcess(service);
  return {
    upstream,
    service,
    client,
    close: async () => {
      await client.close();
      await service.stop();
      await upstream.close();
    },
  };
}

/** The text of a tool result's first content block. */
export function textOf(result: { content?: unknown }): string {
  return (result.content as Array<{ text?: string }> | undefined)?.[0]?.text ?? '';
}

/** Calls a tool and returns its result with typed structured content. */
export async function call<T = Record<string, unknown>>(harness: Harness, name: string, args: Record<string, unknown> = {}) {
  const result = await harness.client.callTool({ name, arguments: args });
  return { ...result, data: result.structuredContent as T, text: textOf(result), isError: result.isError === true };
}
