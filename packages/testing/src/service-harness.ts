import type { Client } from '@modelcontextprotocol/client';
import { connectInProcess, type FetchTarget, type InProcessClientOptions } from './in-process-client.js';
import type { ToolResult } from './tool-results.js';

/** Settings as a test hands them to a service factory. */
export type Env = Record<string, string | undefined>;

/** What tests need of a runtime service (structurally `Service` of @mcp/runtime, without depending on it). */
export interface TestableService extends FetchTarget {
  init(): Promise<unknown>;
  start(options?: { host?: string; port?: number }): Promise<{ url: string }>;
  stop(): Promise<void>;
}

/** Anything a test starts and must stop: a fake upstream, a fixture, a temporary database. */
export interface Closable {
  close(): Promise<void> | void;
}

export interface HealthComponent {
  status: string;
  message?: string;
  metadata?: Record<string, unknown>;
}

/** The body of GET /health as the runtime serves it. */
export interface HealthBody {
  status: string;
  components: Record<string, HealthComponent>;
}

/** GET `path` (default /health) in-process: the HTTP status and the parsed body. */
export async function healthOf(service: FetchTarget, path = '/health'): Promise<{ status: number; body: HealthBody }> {
  const res = await service.fetch(new Request(`http://localhost${path}`));
  return { status: res.status, body: (await res.json()) as HealthBody };
}

/**
 * Connects an in-process client to `service`, runs `fn`, then closes the
 * client and stops the service whatever happened: for one-off services built
 * with unusual settings (unconfigured, half-configured, another base URL).
 */
export async function withService<S extends TestableService>(
  service: S,
  fn: (service: S, client: Client) => Promise<void>,
  options: InProcessClientOptions = {},
): Promise<void> {
  try {
    const client = await connectInProcess(service, options);
    try {
      await fn(service, client);
    } finally {
      await client.close();
    }
  } finally {
    await service.stop();
  }
}

export interface ServiceHarness<S extends TestableService, U extends Closable> {
  /** The fake upstream (or fixture) the service talks to. */
  upstream: U;
  service: S;
  client: Client;
  /** Calls a tool through the MCP handler and returns the raw result. */
  call(name: string, args?: Record<string, unknown>): Promise<ToolResult>;
  /** Closes the client, stops the service, then closes the upstream. */
  close(): Promise<void>;
}

export interface StartServiceHarnessOptions<S extends TestableService, U extends Closable> {
  /** Starts what the service talks to (a fake upstream, a fixture). */
  upstream: () => Promise<U> | U;
  /** Builds the service pointed at that upstream. */
  createService: (upstream: U) => S;
  /** Headers or protocol of the in-process client. */
  client?: InProcessClientOptions;
}

/** The service in-process (no socket), driven by the SDK client, against a fake upstream. */
export async function startServiceHarness<S extends TestableService, U extends Closable>(
  options: StartServiceHarnessOptions<S, U>,
): Promise<ServiceHarness<S, U>> {
  const upstream = await options.upstream();
  let service: S | undefined;
  try {
    service = options.createService(upstream);
    const client = await connectInProcess(service, options.client);
    const running = service;
    return {
      upstream,
      service: running,
      client,
      call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as ToolResult,
      close: async () => {
        try {
          await client.close();
          await running.stop();
        } finally {
          await upstream.close();
        }
      },
    };
  } catch (error) {
    // A failed start must not leak the upstream's socket into the next test.
    await service?.stop().catch(() => {});
    await upstream.close();
    throw error;
  }
}

export interface ServiceOverHttp<S extends TestableService, U extends Closable> {
  upstream: U;
  service: S;
  /** The MCP endpoint, e.g. http://127.0.0.1:PORT/mcp. */
  url: string;
  /** http://127.0.0.1:PORT, for the probes and /metrics. */
  origin: string;
  /** Stops the service, then closes the upstream. */
  close(): Promise<void>;
}

/** The service listening on 127.0.0.1 (port 0) against a fake upstream, as agents and the gateway reach it. */
export async function startServiceWithFakeUpstream<S extends TestableService, U extends Closable>(
  options: Omit<StartServiceHarnessOptions<S, U>, 'client'>,
): Promise<ServiceOverHttp<S, U>> {
  const upstream = await options.upstream();
  let service: S | undefined;
  try {
    service = options.createService(upstream);
    const server = await service.start({ host: '127.0.0.1', port: 0 });
    const running = service;
    return {
      upstream,
      service: running,
      url: server.url,
      origin: new URL(server.url).origin,
      close: async () => {
        try {
          await running.stop();
        } finally {
          await upstream.close();
        }
      },
    };
  } catch (error) {
    await service?.stop().catch(() => {});
    await upstream.close();
    throw error;
  }
}
