import { randomUUID } from 'node:crypto';
import { connectInProcess } from '@mcp/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createRateLimiter, createService, defineTool } from '../../src/index.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<string | undefined> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    probe.disconnect();
  }
}

const ping = defineTool({
  name: 'ping_tool',
  title: 'Ping',
  description: 'd',
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async () => ({ ok: true }),
});

describe('rate limits', () => {
  const limiters: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const l of limiters) await l.close();
  });

  it('in memory: the excess is refused with a retry time, per caller', async () => {
    const limiter = createRateLimiter({ points: 3, durationSeconds: 10, keyPrefix: `t-${randomUUID()}` });
    limiters.push(limiter);
    const service = createService({ name: 'rl', version: '1', tools: [ping], middleware: [limiter.middleware] }, { env: { LOG_LEVEL: 'silent' } });
    const client = await connectInProcess(service);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await client.callTool({ name: 'ping_tool', arguments: {} }));
    expect(results.filter((r) => !r.isError)).toHaveLength(3);
    const refused = results.filter((r) => r.isError);
    expect(refused).toHaveLength(2);
    expect(JSON.stringify(refused[0]?.content)).toMatch(/Rate limit reached.*Retry after \d+ s/);
    await client.close();
    await service.stop();
  });

  it('in Redis: two limiters (two replicas) share one budget', async (ctx) => {
    const unreachable = await redisReachable();
    if (unreachable) {
      if (process.env.CI === 'true') throw new Error(`Redis at ${REDIS_URL} is unreachable under CI: ${unreachable}`);
      ctx.skip();
    }
    const keyPrefix = `t-${randomUUID()}`;
    const a = createRateLimiter({ points: 10, durationSeconds: 5, redisUrl: REDIS_URL, keyPrefix });
    const b = createRateLimiter({ points: 10, durationSeconds: 5, redisUrl: REDIS_URL, keyPrefix });
    limiters.push(a, b);
    const outcomes = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).consume('caller-1')));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(20);
  });
});
