import type { Logger } from '@mcp/runtime';
import type { BackendConfig, NamedBackendConfig } from '../config/schema.js';
import type { Backend, BackendState, CallOptions } from './backend.js';
import type { BackoffOptions } from './backoff.js';
import type { BreakerOptions } from './breaker.js';

/** What a backend tells its manager, beyond the Backend contract. */
export type BackendChange =
  | { type: 'state'; state: BackendState; previous: BackendState; error?: string }
  | { type: 'catalog' }
  | { type: 'restarted'; restarts: number; pid?: number }
  /** The backend says a subscribed resource (its own URI) changed. */
  | { type: 'resourceUpdated'; uri: string };

export interface CompleteParams {
  ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };
  argument: { name: string; value: string };
  context?: { arguments?: Record<string, string> };
}

export interface CompleteResult {
  completion: { values: string[]; total?: number; hasMore?: boolean };
  [key: string]: unknown;
}

/**
 * A backend as the manager drives it: the Backend contract plus change
 * notifications, in-flight accounting (to drain before close) and a config
 * swap for changes that do not touch the connection (namespace, timeout…).
 */
export interface ManagedBackend extends Backend {
  onChange(listener: (change: BackendChange) => void): () => void;
  inflight(): number;
  /** Resolves once no call is in flight (immediately when none is). */
  drained(): Promise<void>;
  /** Replaces the config when only non-connection fields changed. */
  updateConfig(config: BackendConfig): void;
  /** Keeps the backend subscribed to one of its resources (across reconnects) until unsubscribe. */
  subscribe(uri: string): Promise<void>;
  unsubscribe(uri: string): Promise<void>;
  /** completion/complete for one of this backend's prompts or resource templates. */
  complete(params: CompleteParams, options?: CallOptions): Promise<CompleteResult>;
}

/** Tunables shared by every backend; all have production defaults. */
export interface BackendTuning {
  /** Per-call timeout when the config has no timeoutMs (default 30 s). */
  defaultTimeoutMs?: number;
  /** Connect + first listing (default 10 s). */
  connectTimeoutMs?: number;
  /** Health ping (default 5 s). */
  probeTimeoutMs?: number;
  breaker?: Omit<BreakerOptions, 'onStateChange'>;
  /** Reconnect / restart delays. */
  backoff?: BackoffOptions;
  /** A connection that lived this long resets the backoff (default 30 s). */
  stableAfterMs?: number;
  /** `service` label of the per-backend metrics (default 'gateway'). */
  metricsService?: string;
  /**
   * The direct tools/call route to 2026-07-28 HTTP backends (direct-call.ts;
   * default on). Off sends every call through the SDK client, the reference
   * the differential test compares against.
   */
  directCalls?: boolean;
}

export interface BackendDeps extends BackendTuning {
  logger: Logger;
}

export type BackendFactory = (named: NamedBackendConfig, deps: BackendDeps) => ManagedBackend;
