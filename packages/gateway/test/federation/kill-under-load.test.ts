import { connectHttp } from '@mcp/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnExample, waitFor } from '../backends/helpers.js';
import { httpBackend, startGateway } from './gateway-harness.js';

type Outcome = { ok: boolean; ms: number; text: string; at: number };

describe('one dead backend under load', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  });

  it('other namespaces see no error, the dead one fails fast naming itself, and it returns by itself after a restart', { timeout: 60_000 }, async () => {
    const a = await spawnExample();
    const b = await spawnExample();
    cleanups.push(a.kill, b.kill);
    const gateway = await startGateway([httpBackend('a', a.url), httpBackend('b', b.url)], { healthIntervalMs: 200 });
    cleanups.push(gateway.close);
    const client = await connectHttp(gateway.url);
    cleanups.push(() => client.close());

    const outcomes: Record<'a' | 'b', Outcome[]> = { a: [], b: [] };
    let running = true;
    const worker = async (ns: 'a' | 'b') => {
      let i = 0;
      while (running) {
        const started = performance.now();
        try {
          const r = await client.callTool({ name: `${ns}_hash_text`, arguments: { text: `${ns}${i++}` } });
          const text = (r.content as Array<{ text?: string }>)[0]?.text ?? '';
          outcomes[ns].push({ ok: !r.isError, ms: performance.now() - started, text, at: Date.now() });
        } catch (error) {
          outcomes[ns].push({ ok: false, ms: performance.now() - started, text: String(error), at: Date.now() });
        }
      }
    };
    // 4 concurrent callers per namespace, all in this process with the gateway.
    const workers = [...Array.from({ length: 4 }, () => worker('a')), ...Array.from({ length: 4 }, () => worker('b'))];

    cleanups.push(async () => {
      running = false;
      await Promise.all(workers);
    });
    // Load established on both before the kill.
    await waitFor(() => outcomes.a.filter((o) => o.ok).length >= 20 && outcomes.b.filter((o) => o.ok).length >= 20, 20_000);
    const killedAt = Date.now();
    await a.kill();
    await waitFor(() => gateway.manager.get('a')?.status().state === 'unhealthy', 5_000);
    await new Promise((r) => setTimeout(r, 1_000));

    // Fail fast: once the gateway knows, a's calls are refused without waiting on the network.
    const detectedAt = Date.now();
    // Count by number, not by a fixed window: on a loaded CI machine fewer calls fit in a given time.
    await waitFor(() => outcomes.a.filter((o) => !o.ok && o.at > detectedAt).length >= 20, 10_000);
    const fastFailures = outcomes.a.filter((o) => !o.ok && o.at > detectedAt);
    expect(fastFailures.length).toBeGreaterThanOrEqual(20);
    // Nothing waits on the dead network: refusals come back in milliseconds, never near the 10 s call timeout.
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
    expect(median(fastFailures.map((o) => o.ms))).toBeLessThan(250);
    expect(Math.max(...fastFailures.map((o) => o.ms))).toBeLessThan(1_000);
    for (const o of outcomes.a.filter((o) => !o.ok)) expect(o.text).toMatch(/Backend 'a'/);
    const { tools } = await client.listTools(undefined, { cacheMode: 'refresh' });
    expect(tools.some((t) => t.name.startsWith('a_'))).toBe(false);

    // Restart a on the same port: it comes back without anyone asking.
    const again = await spawnExample(a.port);
    cleanups.push(again.kill);
    await waitFor(() => gateway.manager.get('a')?.status().state === 'healthy', 10_000);
    const recoveredAt = Date.now();
    await waitFor(() => outcomes.a.some((o) => o.ok && o.at > recoveredAt), 5_000);
    running = false;
    await Promise.all(workers);

    expect(outcomes.b.filter((o) => o.at > killedAt).length).toBeGreaterThan(20);
    expect(outcomes.b.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes.a.filter((o) => o.ok && o.at < killedAt).length).toBeGreaterThanOrEqual(20);
    const relisted = await client.listTools(undefined, { cacheMode: 'refresh' });
    expect(relisted.tools.some((t) => t.name === 'a_hash_text')).toBe(true);
    expect(gateway.manager.get('a')?.status().restarts).toBe(1);
  });
});
