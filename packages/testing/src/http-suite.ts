import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectHttp, type ProtocolGeneration } from './in-process-client.js';
import {
  type Closable,
  type HealthBody,
  type ServiceOverHttp,
  type StartServiceHarnessOptions,
  startServiceWithFakeUpstream,
  type TestableService,
} from './service-harness.js';

/** One Prometheus series that must exist: the metric name and labels it must carry (besides `service`). */
export interface MetricExpectation {
  metric: string;
  labels?: Record<string, string>;
}

/** Asserts that `metricsText` holds a sample of `metric` whose label set includes every label given. */
export function expectMetric(metricsText: string, expected: MetricExpectation): void {
  const wanted = Object.entries(expected.labels ?? {}).map(([k, v]) => `${k}="${v}"`);
  const series = metricsText
    .split('\n')
    .filter((line) => line.startsWith(`${expected.metric}{`))
    .map((line) => line.slice(0, line.indexOf('}') + 1));
  expect(
    series.some((labels) => wanted.every((label) => labels.includes(label))),
    `no ${expected.metric} series with ${wanted.join(', ')} among:\n${series.join('\n')}`,
  ).toBe(true);
}

export interface ServingExpectations {
  /** The service name the probes and every metric must carry. */
  service: string;
  /** Service-specific checks of the /health body (already asserted healthy). */
  health?: (body: HealthBody) => void;
  /** Series /metrics must show; each is also required to carry `service="<service>"`. */
  metrics?: MetricExpectation[];
}

/** Asserts the runtime's routes over real HTTP: live and ready probes, a healthy /health, and the expected labelled metrics. */
export async function expectServing(origin: string, expected: ServingExpectations): Promise<void> {
  const live = await fetch(`${origin}/health/live`);
  expect(live.status).toBe(200);
  expect(await live.json()).toMatchObject({ status: 'alive', service: expected.service });
  expect((await fetch(`${origin}/health/ready`)).status).toBe(200);
  const health = (await (await fetch(`${origin}/health`)).json()) as HealthBody;
  expect(health.status).toBe('healthy');
  expected.health?.(health);
  const metrics = await (await fetch(`${origin}/metrics`)).text();
  for (const m of expected.metrics ?? []) expectMetric(metrics, { metric: m.metric, labels: { service: expected.service, ...m.labels } });
}

/** Connects an SDK v2 client of the given generation over HTTP, runs `fn`, closes the client. */
export async function withHttpClient(url: string, protocol: ProtocolGeneration, fn: (client: Client) => Promise<void>): Promise<void> {
  const client = await connectHttp(url, { protocol });
  try {
    await fn(client);
  } finally {
    await client.close();
  }
}

export interface ServiceOverHttpSuiteOptions<S extends TestableService, U extends Closable> extends Omit<StartServiceHarnessOptions<S, U>, 'client'> {
  /** The service name (labels, probe body). */
  name: string;
  /** What a 2026-07-28 (stateless) client must be able to do: list and call tools. */
  modern: (client: Client, running: ServiceOverHttp<S, U>) => Promise<void>;
  /** What a 2025-era client (initialize handshake, sessions) must be able to do. */
  legacy: (client: Client, running: ServiceOverHttp<S, U>) => Promise<void>;
  /** The probes and metrics after those calls; metrics usually name a tool the modern test called. */
  serving: Omit<ServingExpectations, 'service'>;
  /** Titles of the three tests where a service words them its own way. */
  titles?: { modern?: string; legacy?: string; serving?: string };
}

/**
 * The integration contract every service meets over real HTTP on loopback:
 * registers three tests (modern client, 2025-era client, probes and metrics)
 * against one service started once for the file. The tests run in order; the
 * metrics test relies on the calls the first two made.
 */
export function serviceOverHttpSuite<S extends TestableService, U extends Closable>(options: ServiceOverHttpSuiteOptions<S, U>): void {
  let running: ServiceOverHttp<S, U> | undefined;
  const started = (): ServiceOverHttp<S, U> => {
    if (!running) throw new Error(`${options.name} did not start (see the beforeAll error)`);
    return running;
  };
  beforeAll(async () => {
    running = await startServiceWithFakeUpstream({ upstream: options.upstream, createService: options.createService });
  });
  afterAll(async () => {
    await running?.close();
  });

  it(options.titles?.modern ?? 'lists and calls tools with a 2026-07-28 client', () =>
    withHttpClient(started().url, 'modern', (client) => options.modern(client, started())),
  );
  it(options.titles?.legacy ?? 'serves 2025-era clients (initialize handshake, sessions)', () =>
    withHttpClient(started().url, 'legacy', (client) => options.legacy(client, started())),
  );
  it(options.titles?.serving ?? 'answers the probes and serves metrics labelled with the service', () =>
    expectServing(started().origin, { service: options.name, ...options.serving }),
  );
}
