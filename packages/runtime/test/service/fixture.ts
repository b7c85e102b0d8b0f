import * as z from 'zod';
import { createService, defineTool, UpstreamError, type UpstreamClient } from '../../src/index.js';

/**
 * A small service on the runtime's public API for the runtime's own tests:
 * a local tool, a tool calling an upstream through the runtime's client, a
 * tool whose result is large, and one that is slow (timeouts, draining).
 */
const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Echoes the text back.',
  input: z.object({ text: z.string() }),
  output: z.object({ text: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async ({ text }) => ({ text }),
});

const fetchItem = defineTool<z.ZodObject<{ id: z.ZodString }>, z.ZodObject<{ item: z.ZodRecord<z.ZodString, z.ZodUnknown> }>, UpstreamClient>({
  name: 'fetch_item',
  title: 'Fetch an item upstream',
  description: 'GET /items/{id} on the upstream.',
  input: z.object({ id: z.string() }),
  output: z.object({ item: z.record(z.string(), z.unknown()) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async ({ id }, ctx) => {
    const item = await ctx.client.get<Record<string, unknown>>(`/items/${encodeURIComponent(id)}`, { signal: ctx.signal });
    if (typeof item !== 'object' || item === null) throw new UpstreamError('upstream returned a non-object item');
    return { item };
  },
});

const bigResult = defineTool({
  name: 'big_result',
  title: 'Big result',
  description: 'Returns a payload of the requested size, deterministic, for block transfer tests.',
  input: z.object({ bytes: z.number().int().min(1).max(200_000_000) }),
  output: z.object({ data: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  largeResult: true,
  handler: async ({ bytes }) => ({ data: makePayload(bytes) }),
});

const slow = defineTool({
  name: 'slow',
  title: 'Slow',
  description: 'Waits for the given milliseconds, honouring cancellation.',
  input: z.object({ ms: z.number().int().min(0).max(60_000) }),
  output: z.object({ waited: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  timeoutMs: 1_500,
  handler: async ({ ms }, ctx) => {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(t);
        reject(ctx.signal.reason);
      });
    });
    return { waited: ms };
  },
});

const deleteThing = defineTool({
  name: 'delete_thing',
  title: 'Delete a thing',
  description: 'A destructive tool, for filter tests.',
  input: z.object({ id: z.string() }),
  output: z.object({ deleted: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  handler: async ({ id }) => ({ deleted: id }),
});

/** Mixed ASCII and multi-byte text, so block boundaries land inside characters. */
export function makePayload(bytes: number): string {
  const unit = 'abcdefghij0123456789-é-€-😀-';
  const unitBytes = Buffer.byteLength(unit);
  let out = unit.repeat(Math.floor(bytes / unitBytes));
  while (Buffer.byteLength(out) < bytes) out += 'x';
  return out;
}

export const fixtureEnv = z.object({
  FIXTURE_BASE_URL: z.string().url().default('http://127.0.0.1:9'),
  FIXTURE_TOKEN: z.string().optional(),
});

export function createFixtureService(env: Record<string, string | undefined>) {
  return createService(
    {
      name: 'fixture',
      version: '1.2.3',
      env: fixtureEnv,
      client: (kit) =>
        kit.upstream({
          name: 'items',
          baseUrl: kit.env.FIXTURE_BASE_URL,
          timeoutMs: 2_000,
          connectTimeoutMs: 500,
          retries: 0,
          breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 1_000 },
          headers: (): Record<string, string> => (kit.env.FIXTURE_TOKEN ? { authorization: `Bearer ${kit.env.FIXTURE_TOKEN}` } : {}),
          describeAuthError: () => 'FIXTURE_TOKEN was rejected.',
        }),
      tools: [echo, fetchItem, bigResult, slow, deleteThing],
    },
    { env: { LOG_LEVEL: 'silent', ...env } },
  );
}
