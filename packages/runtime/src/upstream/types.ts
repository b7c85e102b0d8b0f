import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { RateLimitInfo } from './rate-limit.js';
import type { UpstreamTlsOptions } from './tls.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** Static headers, or a function run before every attempt so rotating tokens are picked up. */
export type HeadersProvider = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

export interface BreakerOptions {
  /** Failure percentage in the rolling window above which the circuit opens. Default 50. */
  errorThresholdPercentage?: number;
  /** Requests in the rolling window before the percentage is considered. Default 5. */
  volumeThreshold?: number;
  /** How long the circuit stays open before one trial request is let through. Default 10000. */
  resetTimeoutMs?: number;
  /** Length of the rolling statistics window. Default 10000. */
  rollingCountTimeoutMs?: number;
}

export interface UpstreamClientOptions {
  /** The service label on metrics (e.g. 'github-mcp' or 'github'). */
  service: string;
  /** The upstream label on metrics and the name used in error messages (e.g. 'github'). */
  name: string;
  /** Origin plus optional path prefix; request paths are appended to it. */
  baseUrl: string;
  /** Per-attempt deadline covering headers and body. Default 30000. */
  timeoutMs?: number;
  /** TCP/TLS connect deadline. Default 5000. */
  connectTimeoutMs?: number;
  /** Sockets per origin. Default 32. */
  connections?: number;
  /** Idle keep-alive socket lifetime; undici's default (4 s) when unset. */
  keepAliveTimeoutMs?: number;
  /** Private CA, client certificate (mTLS), server name; verification stays on unless disabled explicitly. */
  tls?: UpstreamTlsOptions;
  /** Headers sent on every request (auth); computed per attempt. */
  headers?: HeadersProvider;
  /** Retries after the first attempt, for idempotent requests only. Default 3. */
  retries?: number;
  /** First backoff step; doubles per retry, with jitter. Default 250. */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts. A Retry-After longer than this is not waited for: the caller gets the error with retryAfterSeconds instead. Default 10000. */
  retryMaxDelayMs?: number;
  breaker?: BreakerOptions;
  /** Text naming the env var that holds the rejected token, or the scope needed. */
  describeAuthError?: (status: 401 | 403) => string;
  /** Used when no request context is active (breaker timers, start-up calls). */
  logger?: Logger;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface UpstreamRequest {
  method: HttpMethod;
  /** Relative to baseUrl, or an absolute URL (e.g. a pagination `next` link). */
  path: string;
  query?: Record<string, QueryValue | readonly QueryValue[]>;
  headers?: Record<string, string>;
  /** Plain objects and arrays are JSON-serialised; strings, bytes and URLSearchParams are sent as they are. */
  body?: unknown;
  /** Default: true for GET/HEAD/PUT/DELETE/OPTIONS, false for POST/PATCH. Only idempotent requests are retried. */
  idempotent?: boolean;
  /** Default 'json'. An empty body parses to undefined. */
  parse?: 'json' | 'text' | 'buffer';
  signal?: AbortSignal;
  /** Statuses returned as data rather than thrown. Default: 200–399. */
  okStatuses?: readonly number[];
  /** Override the client's retries for this call (0 disables them). */
  retries?: number;
  /** Override the client's timeoutMs for this call. */
  timeoutMs?: number;
}

export interface UpstreamResponse<T> {
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  data: T;
  rateLimit?: RateLimitInfo;
}

/** Everything except method and path, for the JSON helpers. */
export type RequestOptions = Omit<UpstreamRequest, 'method' | 'path' | 'body'>;

export type BreakerState = 'closed' | 'open' | 'halfOpen';

export interface UpstreamHealth {
  status: 'healthy' | 'degraded' | 'unhealthy';
  latencyMs: number;
  metadata: {
    circuit: BreakerState;
    rateLimit?: RateLimitInfo;
    /** Safe to show: never holds headers or tokens. */
    error?: string;
  };
}

/** A path to GET, or a function making any call(s) through the client within the signal's deadline. */
export type HealthCheck = string | ((client: UpstreamClient, signal: AbortSignal) => Promise<unknown>);

export interface UpstreamClient {
  readonly service: string;
  readonly name: string;
  readonly baseUrl: string;
  /** The undici pool every call of this client runs on; hand it to SDKs that accept a dispatcher. */
  readonly dispatcher: Dispatcher;
  /**
   * A fetch bound to the pool, for SDKs that take a fetch (Octokit `request.fetch`).
   * Goes through the breaker, metrics, auth headers (unless the caller set them)
   * and traceparent, but does NOT retry: the SDKs retry themselves, and retrying
   * at both layers multiplies attempts. 5xx responses are returned, not thrown.
   */
  readonly fetch: typeof globalThis.fetch;
  /** The last rate-limit headers any response carried. */
  readonly lastRateLimit: RateLimitInfo | undefined;
  request<T = unknown>(request: UpstreamRequest): Promise<UpstreamResponse<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  breakerState(): BreakerState;
  healthCheck(check: HealthCheck, options?: { timeoutMs?: number }): Promise<UpstreamHealth>;
  /** Stops the breaker's timers and closes the pool, letting in-flight requests finish. */
  close(): Promise<void>;
}
