import { callTool, type Env, type FakeUpstream, type RecordedRequest, type ServiceHarness, startFakeUpstream, startServiceHarness } from '@mcp/testing';
import { createSlackService } from '../src/server.js';
import { authTest, botScopes } from './fixtures.js';

export { textOf } from '@mcp/testing';

export const BOT_TOKEN = 'xoxb-test-bot-token-1234';
export const USER_TOKEN = 'xoxp-test-user-token-5678';

/** Settings of a fully configured service pointed at a fake upstream. */
export function testEnv(upstream: FakeUpstream, extra: Env = {}): Env {
  return { LOG_LEVEL: 'silent', SLACK_BASE_URL: upstream.url, SLACK_BOT_TOKEN: BOT_TOKEN, ...extra };
}

/** A fake Slack Web API: routes given by a test come first, then auth.test answers as documented. */
export function startUpstream(routes?: (app: FakeUpstream['app']) => void): Promise<FakeUpstream> {
  return startFakeUpstream((app) => {
    routes?.(app);
    app.post('/auth.test', (c) => {
      const user = c.req.header('authorization') === `Bearer ${USER_TOKEN}`;
      return c.json(user ? { ...authTest, user: 'egon', user_id: 'W012A3CDE', bot_id: undefined } : authTest, 200, {
        'x-oauth-scopes': user ? 'search:read,users:read' : botScopes,
      });
    });
  });
}

export type Harness = ServiceHarness<ReturnType<typeof createSlackService>, FakeUpstream>;

/** The service in-process (no socket), driven by the SDK client, against a fake upstream. */
export function startHarness(options: { routes?: (app: FakeUpstream['app']) => void; env?: Env } = {}): Promise<Harness> {
  return startServiceHarness({
    upstream: () => startUpstream(options.routes),
    createService: (upstream) => createSlackService(testEnv(upstream, options.env)),
  });
}

/** Calls a tool and returns its result with typed structured content. */
export function call<T = Record<string, unknown>>(harness: Harness, name: string, args: Record<string, unknown> = {}) {
  return callTool<T>(harness.client, name, args);
}

/** The form fields of a recorded read call. */
export function formOf(request: RecordedRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request?.body ?? ''));
}

/** The requests made to one Web API method. */
export function callsTo(harness: Harness, method: string): RecordedRequest[] {
  return harness.upstream.requests.filter((r) => r.path === `/${method}`);
}
