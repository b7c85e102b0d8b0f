import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamUnavailableError } from '../../src/errors/tool-errors.js';
import { circuitState, upstreamRequestsTotal } from '../../src/metrics/registry.js';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/index.js';
import { counterValue, type FakeUpstream, freePort, json, startFakeUpstream } from './fake-upstream.js';

let upstream: FakeUpstream | undefined;
let client: UpstreamClient | undefined;

afterEach(async () => {
  await client?.close();
  await upstream?.close();
  client = undefined;
  upstream = undefined;
});

const labels = { service: 'test-breaker', upstream: 'acme' };

describe('upstream circuit breaker', () => {
  it('opens on refused connections, fails fast without connecting, then recovers', async () => {
    const port = await freePort();
    client = createUpstreamClient({
      service: labels.service,
      name: labels.upstream,
      baseUrl: `http://127.0.0.1:${port}`,
      retries: 0,
      breaker: { volumeThreshold: 3, resetTimeoutMs: 400, errorThresholdPercentage: 50 },
    });
    expect(await counterValue(circuitState, labels)).toBe(0);

    for (let i = 0; i < 3; i++) {
      await expect(client.get('/x')).rejects.toThrow(/ECONNREFUSED/);
    }
    expect(client.breakerState()).toBe('open');
    expect(await counterValue(circuitState, labels)).toBe(2);

    // Upstream is back on the same port, but the circuit is still open: nothing reaches it.
    upstream = await startFakeUpstream((_req, res) => json(res, 200, { ok: true }), port);
    const rejectedBefore = await counterValue(upstreamRequestsTotal, { ...labels, status: 'circuit_open' });
    const started = performance.now();
    const error = await client.get('/x').catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    const message = (error as UpstreamUnavailableError).message;
    expect(message).toContain('acme');
    expect(message).toContain('circuit breaker is open');
    expect(message).toMatch(/next trial request will be sent in about \d+ s/);
    expect((error as UpstreamUnavailableError).retryAfterSeconds).toBe(1);
    expect(elapsed).toBeLessThan(50);
    expect(upstream.connections).toBe(0);
    expect(await counterValue(upstreamRequestsTotal, { ...labels, status: 'circuit_open' })).toBe(rejectedBefore + 1);

    const health = await client.healthCheck('/health');
    expect(health.status).toBe('unhealthy');
    expect(health.metadata.circuit).toBe('open');
    expect(upstream.connections).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(client.breakerState()).toBe('halfOpen');
    expect(await counterValue(circuitState, labels)).toBe(1);
    await expect(client.get('/x')).resolves.toEqual({ ok: true });
    expect(client.breakerState()).toBe('closed');
    expect(await counterValue(circuitState, labels)).toBe(0);
  });

  it('does not count 4xx answers as failures', async () => {
    upstream = await startFakeUpstream((_req, res) => json(res, 404, { message: 'nope' }));
    client = createUpstreamClient({
      service: 'test-breaker-4xx',
      name: 'acme',
      baseUrl: upstream.url,
      breaker: { volumeThreshold: 2 },
    });
    for (let i = 0; i < 5; i++) await client.get('/missing').catch(() => undefined);
    expect(client.breakerState()).toBe('closed');
    expect(upstream.seen).toHaveLength(5);
  });

  it('opens on repeated 5xx', async () => {
    upstream = await startFakeUpstream((_req, res) => json(res, 500, {}));
    client = createUpstreamClient({
      service: 'test-breaker-5xx',
      name: 'acme',
      baseUrl: upstream.url,
      breaker: { volumeThreshold: 2 },
    });
    for (let i = 0; i < 4; i++) await client.get('/broken').catch(() => undefined);
    expect(client.breakerState()).toBe('open');
    expect(upstream.seen).toHaveLength(2);
  });
});
