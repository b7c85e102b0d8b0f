import { connectInProcess, type FakeUpstream, type RecordedRequest, startFakeUpstream } from '@mcp/testing';
import { createPortkeyAdminService } from '../src/server.js';
import { configList } from './fixtures.js';

type Env = Record<string, string | undefined>;

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

export interface Harness {
  upstream: FakeUpstream;
  service: ReturnType<typeof createPortkeyAdminService>;
  client: Awaited<ReturnType<typeof connectInProcess>>;
  close(): Promise<void>;
}

/** The service in-process (no socket), driven by the SDK client, against a fake upstream. */
export async function startHarness(options: { routes?: (app: FakeUpstream['app']) => void; env?: Env } = {}): Promise<Harness> {
  const upstream = await startUpstream(options.routes);
  const service = createPortkeyAdminService(testEnv(upstream, options.env));
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

export function textOf(result: { content?: unknown }): string {
  return (result.content as Array<{ text?: string }> | undefined)?.[0]?.text ?? '';
}

export async function call<T = Record<string, unknown>>(harness: Harness, name: string, args: Record<string, unknown> = {}) {
  const result = await harness.client.callTool({ name, arguments: args });
  return { ...result, data: result.structuredContent as T, text: textOf(result), isError: result.isError === true };
}

export function callsTo(harness: Harness, path: string): RecordedRequest[] {
  return harness.upstream.requests.filter((r) => r.path === path);
}
