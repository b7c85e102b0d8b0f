import { connectInProcess, type FakeUpstream, startFakeUpstream } from '@mcp/testing';
import { HEALTH_PATH } from '../src/client.js';
import { createAiMemoryService } from '../src/server.js';

type Env = Record<string, string | undefined>;

/** This service sends no credentials. */
export const EXPECTED_AUTH: { header: string; value: string } | undefined = undefined;

/** Settings of a fully configured service pointed at a fake upstream. */
export function testEnv(upstream: FakeUpstream, extra: Env = {}): Env {
  return {
    LOG_LEVEL: 'silent',
    AI_MEMORY_BASE_URL: upstream.url,
    ...extra,
  };
}

/**
 * A fake Ai Memory: routes given by a test come first, then the health path
 * answers like a "who am I" call, with rate-limit headers.
 */
export function startUpstream(routes?: (app: FakeUpstream['app']) => void): Promise<FakeUpstream> {
  return startFakeUpstream((app) => {
    routes?.(app);
    app.get(HEALTH_PATH, (c) =>
      c.json({ id: 42, login: 'fleet-bot', name: 'Fleet Bot' }, 200, {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': '1900000000',
      }),
    );
  });
}

export interface Harness {
  upstream: FakeUpstream;
  service: ReturnType<typeof createAiMemoryService>;
  client: Awaited<ReturnType<typeof connectInProcess>>;
  close(): Promise<void>;
}

/** The service in-process (no socket), driven by the SDK client, against a fake upstream. */
export async function startHarness(options: { routes?: (app: FakeUpstream['app']) => void; env?: Env } = {}): Promise<Harness> {
  const upstream = await startUpstream(options.routes);
  const service = createAiMemoryService(testEnv(upstream, options.env));
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
