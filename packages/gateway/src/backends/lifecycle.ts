import { EventEmitter } from 'node:events';
import { CIRCUIT_STATE_VALUE, circuitState, type Logger } from '@mcp/runtime';
import { type BackendConfig, type NamedBackendConfig, transportOf } from '../config/schema.js';
import type { BackendCatalog, BackendState, BackendStatus } from './backend.js';
import { backoffDelay } from './backoff.js';
import { type Breaker, createBreaker } from './breaker.js';
import { EMPTY_CATALOG, loadCatalog, sameCatalog } from './catalog.js';
import { classifyFailure } from './errors.js';
import type { BackendChange, BackendDeps } from './managed-backend.js';
import type { ConnectContext, Connection } from './connection.js';
import { type CallRelay, currentRelay } from './relay.js';

/**
 * The lifecycle shared by every transport: connect (single-flight), list,
 * health, breaker, reconnect with capped jittered backoff, drain. Transports
 * only say how to open a Connection; calls live in CallingBackend.
 */
export abstract class ConnectionLifecycle {
  readonly name: string;
  config: BackendConfig;
  protected readonly logger: Logger;
  protected readonly breaker: Breaker;
  protected conn: Connection | undefined;
  protected catalogValue: BackendCatalog = EMPTY_CATALOG;
  protected readonly timeouts: { call: number; connect: number; probe: number };
  private connecting: Promise<Connection> | undefined;
  protected stateValue: BackendState = 'starting';
  protected lastError: string | undefined;
  private lastHealthyAt: string | undefined;
  private restarts = 0;
  private everConnected = false;
  private attempt = 0;
  private connectedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  protected closed = false;
  /** Relays of the calls in flight (the stdio fallback of currentRelay). */
  protected readonly relays = new Set<CallRelay>();
  private readonly events = new EventEmitter();
  protected readonly labels: { service: string; upstream: string };

  constructor(
    named: NamedBackendConfig,
    protected readonly deps: BackendDeps,
    /** HTTP: every health probe of a disconnected backend tries to reconnect; stdio waits for its restart backoff. */
    protected readonly probeReconnects: boolean,
  ) {
    this.name = named.name;
    this.config = named.config;
    this.logger = deps.logger.child({ backend: named.name });
    this.timeouts = { call: deps.defaultTimeoutMs ?? 30_000, connect: deps.connectTimeoutMs ?? 10_000, probe: deps.probeTimeoutMs ?? 5_000 };
    this.labels = { service: deps.metricsService ?? 'gateway', upstream: named.name };
    this.events.setMaxListeners(0);
    circuitState.set(this.labels, CIRCUIT_STATE_VALUE.closed);
    this.breaker = createBreaker({
      ...deps.breaker,
      onStateChange: (state) => {
        circuitState.set(this.labels, CIRCUIT_STATE_VALUE[state]);
        if (state === 'open') this.markUnhealthy(this.lastError ?? 'circuit open');
        if (state === 'closed' && this.conn) this.markHealthy();
      },
    });
  }

  /** Opens the transport; the subclass wires onLost and list-changed handlers. */
  protected abstract open(ctx: ConnectContext): Promise<Connection>;

  /** Extra words for a loss message (stdio: the last stderr lines). */
  protected describeLoss(): string {
    return '';
  }

  get transport(): 'stdio' | 'http' | 'sse' {
    return transportOf(this.config);
  }

  onChange(listener: (change: BackendChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  protected emit(change: BackendChange): void {
    this.events.emit('change', change);
  }

  catalog(): BackendCatalog {
    return this.catalogValue;
  }

  status(): BackendStatus {
    return {
      name: this.name,
      transport: this.transport,
      state: this.stateValue,
      circuit: this.breaker.state(),
      ...(this.conn?.client.getNegotiatedProtocolVersion() && { protocolVersion: this.conn.client.getNegotiatedProtocolVersion() }),
      toolCount: this.catalogValue.tools.length,
      ...(this.lastError && { lastError: this.lastError }),
      ...(this.lastHealthyAt && { lastHealthyAt: this.lastHealthyAt }),
      restarts: this.restarts,
      ...(this.conn?.pid !== undefined && { pid: this.conn.pid }),
    };
  }

  updateConfig(config: BackendConfig): void {
    this.config = config;
  }

  async start(): Promise<void> {
    await this.connectNow();
  }

  /** Single-flight connect; on failure the backend is unhealthy and a retry is scheduled. */
  protected connectNow(): Promise<Connection> {
    if (this.conn) return Promise.resolve(this.conn);
    if (this.closed) return Promise.reject(new Error(`Backend '${this.name}' is stopped`));
    this.connecting ??= this.establish().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async establish(): Promise<Connection> {
    let conn: Connection | undefined;
    try {
      conn = await this.open({ onListChanged: () => void this.refresh(), relay: () => currentRelay(this.relays), timeoutMs: this.timeouts.connect });
      const opened = conn;
      let diedEarly: string | undefined;
      conn.onLost((why) => {
        if (this.conn === opened) this.lost(opened, why);
        else diedEarly = why;
      });
      const catalog = await loadCatalog(conn.client, this.timeouts.connect);
      if (this.closed) throw new Error('stopped while connecting');
      if (diedEarly !== undefined) throw new Error(diedEarly);
      this.conn = conn;
      this.connectedAt = Date.now();
      this.setCatalog(catalog);
      await this.afterConnect(conn).catch((error) => this.logger.warn({ err: error instanceof Error ? error.message : error }, 'resubscribing failed'));
      if (this.everConnected) {
        this.restarts += 1;
        this.emit({ type: 'restarted', restarts: this.restarts, ...(conn.pid !== undefined && { pid: conn.pid }) });
        this.logger.info({ restarts: this.restarts, pid: conn.pid }, `backend ${this.name} reconnected`);
      }
      this.everConnected = true;
      this.breaker.success();
      this.markHealthy();
      return conn;
    } catch (error) {
      await conn?.close().catch(() => {});
      const message = `${error instanceof Error ? error.message : String(error)}${this.describeLoss()}`;
      this.lastError = message;
      if (!this.closed) {
        this.breaker.trip();
        this.markUnhealthy(message);
        this.scheduleReconnect();
      }
      throw error;
    }
  }

  /** The connection died (or a call proved it dead): drop it, go unhealthy, reconnect with backoff. */
  protected lost(conn: Connection, reason: string): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    this.afterLoss();
    if (Date.now() - this.connectedAt >= (this.deps.stableAfterMs ?? 30_000)) this.attempt = 0;
    void conn.close().catch(() => {});
    if (this.closed) return;
    this.lastError = `${reason}${this.describeLoss()}`;
    this.logger.warn({ reason: this.lastError }, `backend ${this.name} connection lost`);
    this.breaker.trip();
    this.markUnhealthy(this.lastError);
    this.scheduleReconnect();
  }

  /** After a session is up and listed, before it is declared healthy (resubscriptions). */
  protected async afterConnect(_conn: Connection): Promise<void> {}

  /** After a session is gone. */
  protected afterLoss(): void {}

  private scheduleReconnect(): void {
    if (this.closed || this.timer) return;
    const delay = backoffDelay(this.attempt++, this.deps.backoff);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connectNow().catch(() => {});
    }, delay);
    this.timer.unref();
  }

  /** Re-lists the catalogue; true when anything changed. Never throws. */
  async refresh(): Promise<boolean> {
    const conn = this.conn;
    if (!conn) return false;
    try {
      return this.setCatalog(await loadCatalog(conn.client, this.timeouts.connect));
    } catch (error) {
      if (classifyFailure(error) === 'lost') this.lost(conn, `listing failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  private setCatalog(catalog: BackendCatalog): boolean {
    if (sameCatalog(this.catalogValue, catalog)) return false;
    this.catalogValue = catalog;
    this.emit({ type: 'catalog' });
    return true;
  }

  protected markHealthy(): void {
    if (this.closed || !this.conn || this.breaker.state() === 'open') return;
    this.lastHealthyAt = new Date().toISOString();
    this.setState('healthy');
  }

  protected markUnhealthy(error: string): void {
    if (this.closed) return;
    this.setState('unhealthy', error);
  }

  private setState(state: BackendState, error?: string): void {
    const previous = this.stateValue;
    if (previous === state) return;
    this.stateValue = state;
    this.emit({ type: 'state', state, previous, ...(error && { error }) });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const previous = this.stateValue;
    this.stateValue = 'stopped';
    this.emit({ type: 'state', state: 'stopped', previous });
    const pending = this.connecting;
    const conn = this.conn;
    this.conn = undefined;
    this.afterLoss();
    await Promise.allSettled([conn?.close(), pending?.then((c) => c.close())]);
    circuitState.remove(this.labels);
  }
}
