import { randomBytes } from 'node:crypto';

/** A W3C Trace Context (`traceparent`) position: which trace, which span. */
export interface TraceContext {
  traceId: string;
  spanId: string;
  /** The caller's span, when the context was accepted from a traceparent header. */
  parentSpanId?: string;
  sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

// Ids are drawn from a pooled random buffer: one syscall per 256 ids instead of one per id.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

function randomHex(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

export function newTraceId(): string {
  return randomHex(16);
}

export function newSpanId(): string {
  return randomHex(8);
}

/** The caller's position from an inbound `traceparent`, or undefined when absent or invalid. */
export function parseTraceparent(traceparent: string | null | undefined): TraceContext | undefined {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim().toLowerCase()) : null;
  if (!match || match[1] === 'ff' || match[2] === ZERO_TRACE || match[3] === ZERO_SPAN) return undefined;
  return { traceId: match[2] as string, spanId: match[3] as string, sampled: (Number.parseInt(match[4] as string, 16) & 1) === 1 };
}

/**
 * Accepts an inbound `traceparent` (continuing the caller's trace with a new span
 * of ours) or starts a new trace. Invalid headers are ignored, as the spec says.
 */
export function continueTrace(traceparent: string | null | undefined): TraceContext {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim().toLowerCase()) : null;
  if (match && match[1] !== 'ff' && match[2] !== ZERO_TRACE && match[3] !== ZERO_SPAN) {
    const flags = Number.parseInt(match[4] as string, 16);
    return { traceId: match[2] as string, parentSpanId: match[3] as string, spanId: newSpanId(), sampled: (flags & 1) === 1 };
  }
  return { traceId: newTraceId(), spanId: newSpanId(), sampled: true };
}

/** A child position in the same trace, for an outbound call. */
export function childSpan(parent: TraceContext): TraceContext {
  return { traceId: parent.traceId, parentSpanId: parent.spanId, spanId: newSpanId(), sampled: parent.sampled };
}

export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? '01' : '00'}`;
}
