import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  /** `service.name` of the resource that sent it. */
  service: string;
}

export interface OtlpReceiver {
  /** Set as OTEL_EXPORTER_OTLP_ENDPOINT (traces are posted to `${url}/v1/traces`). */
  url: string;
  spans: ReceivedSpan[];
  close(): Promise<void>;
}

/** Hex ids whether the exporter sent hex (JSON encoding) or base64. */
export function hexId(id: string | undefined): string {
  if (!id) return '';
  return /^[0-9a-f]+$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex');
}

/**
 * An in-process OTLP/HTTP (JSON) receiver on 127.0.0.1: collects the span
 * batches OpenTelemetry exporters post, so tests can check what was traced.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      try {
        const json = JSON.parse(body) as {
          resourceSpans?: Array<{
            resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
            scopeSpans: Array<{ spans: ReceivedSpan[] }>;
          }>;
        };
        for (const rs of json.resourceSpans ?? []) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans)
            for (const span of ss.spans)
              spans.push({
                ...span,
                traceId: hexId(span.traceId),
                spanId: hexId(span.spanId),
                ...(span.parentSpanId && { parentSpanId: hexId(span.parentSpanId) }),
                service,
              });
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, close: () => new Promise<void>((r) => server.close(() => r())) };
}
