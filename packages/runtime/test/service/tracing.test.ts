import { connectHttp, type FakeUpstream, hexId as hex, type OtlpReceiver, startFakeUpstream, startOtlpReceiver } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushTracing, type RunningServer } from '../../src/index.js';
import { createFixtureService } from './fixture.js';

describe('OpenTelemetry', () => {
  let receiver: OtlpReceiver;
  let upstream: FakeUpstream;
  let service: ReturnType<typeof createFixtureService>;
  let server: RunningServer;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    upstream = await startFakeUpstream((app) => app.get('/items/:id', (c) => c.json({ id: c.req.param('id'), traceparent: c.req.header('traceparent') })));
    service = createFixtureService({ FIXTURE_BASE_URL: upstream.url, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, LOG_LEVEL: 'info' });
    server = await service.start({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await service.stop();
    await upstream.close();
    await receiver.close();
  });

  it('one tool call → request, tool and upstream spans in one trace, propagated upstream', async () => {
    const callerTrace = '0af7651916cd43dd8448eb211c80319c';
    const client = await connectHttp(server.url, { headers: { traceparent: `00-${callerTrace}-b7ad6b7169203331-01` } });
    const result = await client.callTool({ name: 'fetch_item', arguments: { id: 'x1' } });
    await client.close();
    const sent = (result.structuredContent as { item: { traceparent: string } }).item.traceparent;
    await flushTracing();
    const ours = receiver.spans.filter((s) => hex(s.traceId) === callerTrace);
    const request = ours.find(
      (s) => s.name === 'POST /mcp' && ours.some((t) => t.name === 'tools/call fetch_item' && hex(t.parentSpanId ?? '') === hex(s.spanId)),
    );
    const tool = ours.find((s) => s.name === 'tools/call fetch_item');
    const outbound = ours.find((s) => s.name === 'GET items');
    expect(request, JSON.stringify(ours.map((s) => s.name))).toBeDefined();
    expect(tool).toBeDefined();
    expect(outbound).toBeDefined();
    expect(hex(request?.parentSpanId ?? '')).toBe('b7ad6b7169203331');
    expect(hex(tool?.parentSpanId ?? '')).toBe(hex(request?.spanId ?? ''));
    expect(hex(outbound?.parentSpanId ?? '')).toBe(hex(tool?.spanId ?? ''));
    // The upstream received our client span as its parent.
    expect(sent).toBe(`00-${callerTrace}-${hex(outbound?.spanId ?? '')}-01`);
    expect(new Set(ours.map((s) => s.service))).toEqual(new Set(['fixture']));
  });
});
