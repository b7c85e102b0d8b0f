import {
  type CallToolResult,
  type GetPromptResult,
  type ReadResourceResult,
  UpstreamUnavailableError,
  upstreamRequestDuration,
  upstreamRequestsTotal,
} from '@mcp/runtime';
import { CLIENT_CAPABILITIES_META_KEY, type Client, LOG_LEVEL_META_KEY, type RequestOptions, type Tool } from '@modelcontextprotocol/client';
import type { CallOptions } from './backend.js';
import type { Connection } from './connection.js';
import { declaresMcpHeaders, directEligibleName } from './direct-call.js';
import { ConnectionLifecycle } from './lifecycle.js';
import { classifyFailure, toToolError } from './errors.js';
import type { CompleteParams, CompleteResult, ManagedBackend } from './managed-backend.js';
import { withRelay } from './relay.js';
import { BackendSubscriptions } from './subscriptions.js';

/**
 * Forwards calls to the backend's session: breaker first (fail fast, naming
 * the backend), then the request with the per-call timeout, the caller's
 * abort signal, progress and trace context; failures are classified so that
 * only real outages count against the backend.
 */
export abstract class CallingBackend extends ConnectionLifecycle implements ManagedBackend {
  private running = 0;
  private readonly subscriptions = new BackendSubscriptions((uri) => this.emit({ type: 'resourceUpdated', uri }));
  private drainWaiters: Array<() => void> = [];
  private definitions: { catalog: unknown; byName: Map<string, Tool> } | undefined;
  /** Tools of the current catalogue the direct tools/call route may carry (see direct-call.ts). */
  private directNames: Set<string> | undefined;

  /** Health probe: one cheap round trip on the live session; closes the breaker on success. Never throws. */
  async probe(): Promise<boolean> {
    if (this.closed) return false;
    // HTTP: a reconnect attempt costs one refused connection, so each probe may try
    // (recovery within a health interval); stdio restarts only on its backoff schedule.
    const conn = this.conn ?? (this.probeReconnects ? await this.connectNow().catch(() => undefined) : undefined);
    if (!conn) return false;
    try {
      // 2026-07-28 has no ping: server/discover is its cheap round trip.
      if (conn.client.getProtocolEra() === 'modern') await conn.client.discover({ timeout: this.timeouts.probe });
      else await conn.client.ping({ timeout: this.timeouts.probe });
      const recovering = this.stateValue !== 'healthy';
      this.breaker.success();
      this.markHealthy();
      // The session survived an outage; the backend may have changed meanwhile.
      if (recovering) void this.refresh();
      return true;
    } catch (error) {
      const kind = classifyFailure(error);
      this.lastError = `health probe failed: ${error instanceof Error ? error.message : String(error)}`;
      if (kind === 'lost') this.lost(conn, this.lastError);
      else if (kind === 'failed') this.breaker.failure();
      return kind === 'answered';
    }
  }

  subscribe(uri: string): Promise<void> {
    return this.subscriptions.add(uri);
  }

  unsubscribe(uri: string): Promise<void> {
    return this.subscriptions.remove(uri);
  }

  protected override afterConnect(conn: Connection): Promise<void> {
    return this.subscriptions.attach(conn.client);
  }

  protected override afterLoss(): void {
    this.subscriptions.detach();
  }

  inflight(): number {
    return this.running;
  }

  drained(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  callTool(name: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<CallToolResult> {
    const toolDefinition = this.toolDefinition(name);
    const relay = options.relay;
    // A 2026-07-28 caller answers the backend's questions itself: forward its answers, hand questions back.
    const retry = relay?.passInputRequired
      ? { ...(relay.inputResponses && { inputResponses: relay.inputResponses }), ...(relay.requestState !== undefined && { requestState: relay.requestState }) }
      : {};
    const viaSdk = (client: Client, request: RequestOptions) =>
      client.callTool({ name, arguments: args, ...retry, ...withMeta(options, client) } as Parameters<Client['callTool']>[0], {
        ...request,
        toolDefinition,
        ...(relay?.passInputRequired && { allowInputRequired: true }),
      });
    return this.run(`tools/call ${name}`, options, async (client, request, conn) => {
      // Only what the direct route reproduces exactly: a 2026-07-28 caller (input_required passes through),
      // no progress (the SDK's token bookkeeping), no x-mcp-header params (the SDK mirrors them), a plain name.
      if (conn.direct && relay?.passInputRequired && !options.onProgress && this.directNames?.has(name) && client.getProtocolEra() === 'modern') {
        const result = await conn.direct.callTool({
          name,
          params: { arguments: args, ...retry },
          meta: withMeta(options, client)._meta,
          ...(options.traceparent && { traceparent: options.traceparent }),
          timeoutMs: request.timeout ?? this.timeouts.call,
          ...(options.signal && { signal: options.signal }),
          relay,
        });
        if (result !== 'fallback') return result;
      }
      return viaSdk(client, request);
    }) as Promise<CallToolResult>;
  }

  /**
   * The listed definition minus outputSchema: the SDK client still mirrors
   * x-mcp-header params from it, but does not re-validate structured output
   * (the gateway passes results through; its own server validates once).
   * Built once per catalogue, not per call (a hot path under load).
   */
  private toolDefinition(name: string): Tool {
    if (this.definitions?.catalog !== this.catalogValue) {
      const byName = new Map<string, Tool>();
      const direct = new Set<string>();
      for (const tool of this.catalogValue.tools) {
        if (byName.has(tool.name)) continue;
        byName.set(tool.name, { ...tool, outputSchema: undefined } as unknown as Tool);
        if (directEligibleName(tool.name) && !declaresMcpHeaders(tool.inputSchema)) direct.add(tool.name);
      }
      this.definitions = { catalog: this.catalogValue, byName };
      this.directNames = direct;
    }
    return this.definitions.byName.get(name) ?? ({ name, inputSchema: { type: 'object' }, outputSchema: undefined } as unknown as Tool);
  }

  readResource(uri: string, options: CallOptions = {}): Promise<ReadResourceResult> {
    return this.run('resources/read', options, (client, request) =>
      client.readResource({ uri, ...withMeta(options, client) }, { ...request, cacheMode: 'bypass' }),
    ) as Promise<ReadResourceResult>;
  }

  getPrompt(name: string, args: Record<string, string>, options: CallOptions = {}): Promise<GetPromptResult> {
    return this.run(`prompts/get ${name}`, options, (client, request) =>
      client.getPrompt({ name, arguments: args, ...withMeta(options, client) }, request),
    ) as Promise<GetPromptResult>;
  }

  complete(params: CompleteParams, options: CallOptions = {}): Promise<CompleteResult> {
    return this.run('completion/complete', options, (client, request) => client.complete(params, request)) as Promise<CompleteResult>;
  }

  private async run<T>(what: string, options: CallOptions, send: (client: Client, request: RequestOptions, conn: Connection) => Promise<T>): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.config.timeoutMs ?? this.timeouts.call;
    const labels = { service: this.labels.service, upstream: this.name };
    if (this.closed || !this.breaker.allow()) {
      upstreamRequestsTotal.inc({ ...labels, status: 'circuit_open' });
      const retryAfterSeconds = Math.max(1, Math.ceil(this.breaker.retryInMs() / 1000));
      const why = this.closed ? 'it was removed from the registry' : (this.status().lastError ?? 'recent calls failed');
      throw new UpstreamUnavailableError(`Backend '${this.name}' is unavailable (${why}); ${what} was not attempted.`, {
        retryAfterSeconds,
        hint: 'Other backends are unaffected; the gateway reconnects by itself.',
      });
    }
    this.running += 1;
    if (options.relay) this.relays.add(options.relay);
    const started = performance.now();
    let conn = this.conn;
    try {
      conn ??= await this.connectNow();
      const request: RequestOptions = {
        timeout: timeoutMs,
        ...(options.signal && { signal: options.signal }),
        ...(options.onProgress && { onprogress: options.onProgress }),
        // Streamable HTTP sends it as a header on this call's POST; other transports ignore it.
        ...(options.traceparent && { headers: { traceparent: options.traceparent } }),
      };
      const client = conn.client;
      const live = conn;
      const result = await withRelay(options.relay, () => send(client, request, live));
      this.breaker.success();
      upstreamRequestsTotal.inc({ ...labels, status: 'ok' });
      return result;
    } catch (error) {
      const kind = classifyFailure(error, options.signal);
      upstreamRequestsTotal.inc({ ...labels, status: kind });
      if (kind === 'answered') this.breaker.success();
      else if (kind === 'failed') this.breaker.failure();
      else if (kind === 'lost' && conn) this.lost(conn, `${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      else if (kind === 'aborted') this.breaker.release();
      throw toToolError(this.name, what, error, kind, timeoutMs);
    } finally {
      upstreamRequestDuration.observe(labels, (performance.now() - started) / 1000);
      if (options.relay) this.relays.delete(options.relay);
      this.running -= 1;
      if (this.running === 0) for (const resolve of this.drainWaiters.splice(0)) resolve();
    }
  }
}

/**
 * Request `_meta`: MCP's trace-context key (reaches backends on any transport;
 * stdio has no headers), the caller's log level on 2026-07-28 connections, and
 * for a 2026-07-28 caller on a 2026-07-28 backend connection its own
 * capabilities (see CallRelay; explicit `_meta` keys win over the SDK
 * client's envelope).
 */
function withMeta(options: CallOptions, client: Client): { _meta?: Record<string, unknown> } {
  const meta: Record<string, unknown> = {};
  if (options.traceparent) meta.traceparent = options.traceparent;
  if (options.relay?.logLevel) meta[LOG_LEVEL_META_KEY] = options.relay.logLevel;
  // An envelope key: only on a 2026-07-28 connection (on a 2025-era one it would make the request look modern).
  if (options.relay?.passInputRequired && options.relay.clientCapabilities && client.getProtocolEra() === 'modern') {
    meta[CLIENT_CAPABILITIES_META_KEY] = options.relay.clientCapabilities;
  }
  return Object.keys(meta).length > 0 ? { _meta: meta } : {};
}
