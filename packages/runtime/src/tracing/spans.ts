import type { Tracer } from '@opentelemetry/api';
import type { SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { newSpanId, newTraceId, type TraceContext } from './traceparent.js';

/**
 * Spans for MCP requests, tool calls and upstream calls. Without an OTLP
 * endpoint this only mints W3C ids (propagation and log correlation still
 * work); with OTEL_EXPORTER_OTLP_ENDPOINT the same spans are exported, and
 * their ids are the ones propagated in `traceparent` and written in logs.
 */
let tracer: Tracer | undefined;
let provider: TracerProvider | undefined;
/** @opentelemetry/api, loaded with the SDK: a service without OTLP export never loads either (idle memory, start-up time). */
let api: typeof import('@opentelemetry/api') | undefined;

export interface TracingOptions {
  service: string;
  version: string;
  /** Base OTLP/HTTP endpoint, e.g. http://collector:4318 (traces go to /v1/traces). */
  endpoint?: string;
  /** Tests: a processor of their own instead of the OTLP exporter. */
  processor?: SpanProcessor;
}

/** Turns export on for this process (one tracer provider per process; later calls are no-ops). */
export async function initTracing(options: TracingOptions): Promise<void> {
  if (provider || (!options.endpoint && !options.processor)) return;
  const [otelApi, { OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, TracerProvider }] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace'),
  ]);
  if (provider) return; // a concurrent call won
  api = otelApi;
  const url = options.endpoint ? `${options.endpoint.replace(/\/+$/, '')}/v1/traces` : undefined;
  const processor = options.processor ?? new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }), scheduledDelayMillis: 1000 });
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service, 'service.version': options.version }),
    spanProcessors: [processor],
  });
  tracer = provider.getTracer('@mcp/runtime', options.version);
}

export async function shutdownTracing(): Promise<void> {
  const p = provider;
  provider = undefined;
  tracer = undefined;
  await p?.shutdown().catch(() => undefined);
}

export async function flushTracing(): Promise<void> {
  await provider?.forceFlush().catch(() => undefined);
}

export type SpanKindName = 'server' | 'client' | 'internal';

export interface SpanHandle {
  trace: TraceContext;
  setAttribute(key: string, value: string | number | boolean): void;
  /** Ends the span; an error (or message) marks it failed. */
  end(error?: unknown): void;
}

/** Starts a span as a child of `parent` (or a new trace). */
export function startSpan(
  name: string,
  parent: TraceContext | undefined,
  kind: SpanKindName,
  attributes: Record<string, string | number | boolean> = {},
): SpanHandle {
  if (!tracer || !api) {
    const trace: TraceContext = parent
      ? { traceId: parent.traceId, parentSpanId: parent.spanId, spanId: newSpanId(), sampled: parent.sampled }
      : { traceId: newTraceId(), spanId: newSpanId(), sampled: true };
    return { trace, setAttribute: () => {}, end: () => {} };
  }
  const { context: otelContext, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace: otelTrace, TraceFlags } = api;
  const kinds = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL } as const;
  const parentContext = parent
    ? otelTrace.setSpanContext(ROOT_CONTEXT, {
        traceId: parent.traceId,
        spanId: parent.spanId,
        traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
        isRemote: true,
      })
    : ROOT_CONTEXT;
  const span = tracer.startSpan(name, { kind: kinds[kind], attributes }, parentContext ?? otelContext.active());
  const sc = span.spanContext();
  return {
    trace: {
      traceId: sc.traceId,
      spanId: sc.spanId,
      ...(parent && { parentSpanId: parent.spanId }),
      sampled: (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
    },
    setAttribute: (key, value) => span.setAttribute(key, value),
    end: (error) => {
      if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.end();
    },
  };
}
