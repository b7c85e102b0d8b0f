import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { metricsRegistry, upstreamRequestDuration, upstreamRequestsTotal } from '../../src/metrics/registry.js';
import { runWithRequestContext } from '../../src/tracing/request-context.js';
import { continueTrace } from '../../src/tracing/traceparent.js';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/index.js';
import { counterValue, type FakeUpstream, json, startFakeUpstream } from './fake-upstream.js';

let upstream: FakeUpstream | undefined;
let client: UpstreamClient | undefined;

afterEach(async () => {
  await client?.close();
  await upstream?.close();
  client = undefined;
  upstream = undefined;
});

const labels = { service: 'test-observability', upstream: 'acme' };

describe('upstream metrics and tracing', () => {
  it('counts every attempt by status and observes durations', async () => {
    upstream = await startFakeUpstream((_req, res, i) => (i === 0 ? json(res, 503, {}) : json(res, 200, {})));
    client = createUpstreamClient({ service: labels.service, name: labels.upstream, baseUrl: upstream.url, retryBaseDelayMs: 5 });
    await client.get('/a');
    expect(await counterValue(upstreamRequestsTotal, { ...labels, status: '503' })).toBe(1);
    expect(await counterValue(upstreamRequestsTotal, { ...labels, status: '200' })).toBe(1);
    const { values } = await upstreamRequestDuration.get();
    const count = values.find((v) => v.metricName === 'mcp_upstream_request_duration_seconds_count' && v.labels.service === labels.service);
    expect(count?.value).toBe(2);
    const text = await metricsRegistry.getSingleMetricAsString('mcp_upstream_requests_total');
    expect(text).toContain('mcp_upstream_requests_total{service="test-observability",upstream="acme",status="200"} 1');
  });

  it('labels timeouts', async () => {
    upstream = await startFakeUpstream((_req, res) => setTimeout(() => json(res, 200, {}), 300));
    client = createUpstreamClient({ service: labels.service, name: 'slow', baseUrl: upstream.url, timeoutMs: 50 });
    await client.get('/slow').catch(() => undefined);
    expect(await counterValue(upstreamRequestsTotal, { service: labels.service, upstream: 'slow', status: 'timeout' })).toBe(1);
  });

  it('propagates traceparent of a child span and the request id', async () => {
    upstream = await startFakeUpstream((_req, res) => json(res, 200, {}));
    client = createUpstreamClient({ service: labels.service, name: labels.upstream, baseUrl: upstream.url });
    const trace = continueTrace('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const c = client;
    await runWithRequestContext({ requestId: 'req-42', trace, logger: pino({ level: 'silent' }) }, () => c.get('/traced'));
    const headers = upstream.seen[0]?.headers ?? {};
    const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(headers.traceparent));
    expect(match?.[1]).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(match?.[2]).not.toBe(trace.spanId);
    expect(headers['x-request-id']).toBe('req-42');

    await c.get('/untraced');
    expect(upstream.seen[1]?.headers.traceparent).toBeUndefined();
  });
});
