import { afterEach, describe, expect, it } from 'vitest';
import { upstreamRequestsTotal } from '../../src/metrics/registry.js';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/index.js';
import { counterValue, type FakeUpstream, freePort, json, startFakeUpstream } from './fake-upstream.js';

let upstream: FakeUpstream | undefined;
let other: FakeUpstream | undefined;
let client: UpstreamClient | undefined;

afterEach(async () => {
  await client?.close();
  await upstream?.close();
  await other?.close();
  client = undefined;
  upstream = undefined;
  other = undefined;
});

describe('client.fetch', () => {
  it('is a fetch on the pool: relative URLs, auth unless set, metrics, no retries', async () => {
    upstream = await startFakeUpstream((req, res) => (req.url.endsWith('/down') ? json(res, 503, { message: 'busy' }) : json(res, 200, { path: req.url })));
    client = createUpstreamClient({
      service: 'test-fetch',
      name: 'acme',
      baseUrl: `${upstream.url}/api`,
      headers: { authorization: 'Bearer from-client' },
    });
    const res = await client.fetch('/repos', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ path: '/api/repos' });
    expect(upstream.seen[0]?.headers.authorization).toBe('Bearer from-client');

    // An SDK's own auth wins; a global Request object is accepted too.
    const sdkRequest = new Request(`${upstream.url}/api/sdk`, { headers: { authorization: 'token from-sdk' } });
    await (await client.fetch(sdkRequest)).text();
    expect(upstream.seen[1]?.headers.authorization).toBe('token from-sdk');

    // 5xx is handed back to the SDK, not thrown, and not retried here.
    const down = await client.fetch(`${upstream.url}/api/down`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ message: 'busy' });
    expect(upstream.seen).toHaveLength(3);
    expect(await counterValue(upstreamRequestsTotal, { service: 'test-fetch', upstream: 'acme', status: '503' })).toBe(1);
  });

  it('keeps credentials away from other origins', async () => {
    upstream = await startFakeUpstream((_req, res) => json(res, 200, {}));
    other = await startFakeUpstream((_req, res) => json(res, 200, {}));
    client = createUpstreamClient({ service: 'test-fetch', name: 'acme', baseUrl: upstream.url, headers: { authorization: 'Bearer secret-token' } });
    await (await client.fetch(`${other.url}/download`)).text();
    await client.get(`${other.url}/next-page`);
    expect(other.seen.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
  });

  it('rethrows transport errors as fetch does', async () => {
    const port = await freePort();
    client = createUpstreamClient({ service: 'test-fetch', name: 'gone', baseUrl: `http://127.0.0.1:${port}` });
    await expect(client.fetch('/x')).rejects.toThrow(/ECONNREFUSED|fetch failed/);
    expect(await counterValue(upstreamRequestsTotal, { service: 'test-fetch', upstream: 'gone', status: 'network_error' })).toBe(1);
  });
});

describe('client.healthCheck', () => {
  it('is healthy when the probe answers, with rate limit metadata', async () => {
    upstream = await startFakeUpstream((_req, res) => json(res, 200, {}, { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '80' }));
    client = createUpstreamClient({ service: 'test-health', name: 'acme', baseUrl: upstream.url });
    const health = await client.healthCheck('/ping');
    expect(health.status).toBe('healthy');
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.metadata).toMatchObject({ circuit: 'closed', rateLimit: { limit: 100, remaining: 80 } });
  });

  it('is degraded when the quota is nearly spent, unhealthy when the upstream is down', async () => {
    upstream = await startFakeUpstream((_req, res) => json(res, 200, {}, { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '2' }));
    client = createUpstreamClient({ service: 'test-health', name: 'acme', baseUrl: upstream.url });
    expect((await client.healthCheck(async (c, signal) => c.get('/ping', { signal }))).status).toBe('degraded');

    const port = await freePort();
    const down = createUpstreamClient({ service: 'test-health', name: 'down', baseUrl: `http://127.0.0.1:${port}`, retryBaseDelayMs: 5 });
    const health = await down.healthCheck('/ping');
    await down.close();
    expect(health.status).toBe('unhealthy');
    expect(health.metadata.error).toContain('could not be reached');
  });
});
