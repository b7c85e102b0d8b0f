import { connectInProcess, type FakeUpstream, type RecordedRequest, startFakeUpstream } from '@mcp/testing';
import { createSlackService } from '../src/server.js';
import { authTest, botScopes } from './fixtures.js';

type Env = Record<string, string | undefined>;

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

export interface Harness {
  upstream: FakeUpstream;
  service: ReturnType<typeof createSlackService>;
  client: Awaited<ReturnType<typeof connectInProcess>>;
  close(): Promise<void>;
}

/** The service in-process (no socket), driven by the SDK client, against a fake upstream. */
export async function startHarness(options: { routes?: (app: FakeUpstream['app']) => void; env?: Env } = {}): Promise<Harness> {
  const upstream = await startUpstream(options.routes);
  const service = createSlackService(testEnv(upstream, options.env));
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

/** The form fields of a recorded read call. */
export function formOf(request: RecordedRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request?.body ?? ''));
}

/** The requests made to one Web API method. */
export function callsTo(harness: Harness, method: string): RecordedRequest[] {
  return harness.upstream.requests.filter((r) => r.path === `/${method}`);
}
