import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The fleet's metrics. Names and labels are fixed by ARCHITECTURE.md so that one
 * dashboard serves every service: the service is a label, never part of a name.
 * One registry per process; a process hosts one service (the gateway included).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const toolCallsTotal = new Counter({
  name: 'mcp_tool_calls_total',
  help: 'Tool calls by service, tool and outcome (success, error, timeout, cancelled, invalid).',
  labelNames: ['service', 'tool', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const toolCallDuration = new Histogram({
  name: 'mcp_tool_call_duration_seconds',
  help: 'Tool call duration in seconds.',
  labelNames: ['service', 'tool', 'outcome'] as const,
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});

export const upstreamRequestsTotal = new Counter({
  name: 'mcp_upstream_requests_total',
  help: 'Upstream HTTP requests by service, upstream and status (HTTP status code, or error kind).',
  labelNames: ['service', 'upstream', 'status'] as const,
  registers: [metricsRegistry],
});

export const upstreamRequestDuration = new Histogram({
  name: 'mcp_upstream_request_duration_seconds',
  help: 'Upstream request duration in seconds.',
  labelNames: ['service', 'upstream'] as const,
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});

export const circuitState = new Gauge({
  name: 'mcp_circuit_state',
  help: 'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open.',
  labelNames: ['service', 'upstream'] as const,
  registers: [metricsRegistry],
});

export const healthStatus = new Gauge({
  name: 'mcp_health_status',
  help: 'Health per component: 1 healthy, 0.5 degraded, 0 unhealthy.',
  labelNames: ['service', 'component'] as const,
  registers: [metricsRegistry],
});

export const httpRequestsTotal = new Counter({
  name: 'mcp_http_requests_total',
  help: 'Inbound HTTP requests by route and status code.',
  labelNames: ['service', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const inflightToolCalls = new Gauge({
  name: 'mcp_tool_calls_in_flight',
  help: 'Tool calls currently executing.',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
});

export const blockStoreBytes = new Gauge({
  name: 'mcp_block_store_bytes',
  help: 'Bytes held by the large-result block store.',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
});

export const CIRCUIT_STATE_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * Metrics for other packages (the gateway's audit, approvals, canary), on the
 * same registry and so on the same `/metrics`. Creating a name twice returns
 * the existing metric, so modules can declare what they use.
 */
export function defineCounter<L extends string>(config: { name: string; help: string; labelNames?: readonly L[] }): Counter<L> {
  return (metricsRegistry.getSingleMetric(config.name) as Counter<L> | undefined) ?? new Counter({ ...config, registers: [metricsRegistry] });
}

export function defineGauge<L extends string>(config: { name: string; help: string; labelNames?: readonly L[] }): Gauge<L> {
  return (metricsRegistry.getSingleMetric(config.name) as Gauge<L> | undefined) ?? new Gauge({ ...config, registers: [metricsRegistry] });
}

export function defineHistogram<L extends string>(config: { name: string; help: string; labelNames?: readonly L[]; buckets?: number[] }): Histogram<L> {
  return (
    (metricsRegistry.getSingleMetric(config.name) as Histogram<L> | undefined) ??
    new Histogram({ buckets: DURATION_BUCKETS, ...config, registers: [metricsRegistry] })
  );
}
