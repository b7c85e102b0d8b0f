import type { RateLimitInfo } from './rate-limit.js';

/**
 * Why one attempt failed. Attempts throw this (rather than typed ToolErrors) so
 * the breaker, the retry loop and the metrics all decide from the same facts;
 * the mapping to what a model reads happens once, after the last attempt.
 */
export type FailureKind = 'http' | 'network' | 'tls' | 'timeout' | 'connect_timeout' | 'cancelled';

export interface HttpFailureResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** Already scrubbed of header secrets, not yet truncated. */
  bodyText: string;
  rateLimit: RateLimitInfo | undefined;
}

export class AttemptFailure extends Error {
  readonly kind: FailureKind;
  readonly response: HttpFailureResponse | undefined;
  /** How long the upstream asked us to wait (Retry-After, or an exhausted quota). */
  readonly retryAfterMs: number | undefined;
  readonly code: string | undefined;

  constructor(kind: FailureKind, message: string, extra: { response?: HttpFailureResponse; retryAfterMs?: number; code?: string; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AttemptFailure';
    this.kind = kind;
    this.response = extra.response;
    this.retryAfterMs = extra.retryAfterMs;
    this.code = extra.code;
  }
}

const RETRIABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Worth another attempt: the request may not have reached the upstream, or the upstream said "later". */
export function isRetriable(error: unknown): error is AttemptFailure {
  if (!(error instanceof AttemptFailure)) return false;
  if (error.kind === 'http') return RETRIABLE_STATUSES.has(error.response?.status ?? 0);
  // A response timeout is not retried: the upstream may still be working on the
  // request, and a second full wait rarely beats reporting the timeout.
  return error.kind === 'network' || error.kind === 'connect_timeout';
}

/** Counts against the breaker: the upstream is failing, not the caller. */
export function isBreakerFailure(error: unknown): boolean {
  if (!(error instanceof AttemptFailure)) return false;
  if (error.kind === 'http') return (error.response?.status ?? 0) >= 500;
  return error.kind !== 'cancelled';
}

/** The `status` label of mcp_upstream_requests_total for a failed attempt. */
export function statusLabel(error: AttemptFailure): string {
  switch (error.kind) {
    case 'http':
      return String(error.response?.status ?? 0);
    case 'timeout':
    case 'connect_timeout':
      return 'timeout';
    case 'cancelled':
      return 'cancelled';
    case 'tls':
      return 'tls_error';
    default:
      return 'network_error';
  }
}

/**
 * OpenSSL verification results (SELF_SIGNED_CERT_IN_CHAIN, CERT_HAS_EXPIRED, …) and
 * Node's TLS/SSL errors: a trust or certificate problem that another attempt cannot fix.
 */
const TLS_CODE = /CERT|^ERR_SSL_|^ERR_TLS_|^UNABLE_TO_|SIGNATURE/;

export function isTlsCode(code: string | undefined): boolean {
  return code !== undefined && TLS_CODE.test(code);
}

const CALLER_BUGS = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'ERR_INVALID_URL']);

/**
 * Classifies what undici threw. `deadline` is this attempt's own timeout signal,
 * `caller` the signal the caller passed, so an abort can be told apart from a
 * timeout. Returns undefined for programming errors, which are rethrown as they are.
 */
export function classifyThrown(error: unknown, deadline: AbortSignal | undefined, caller: AbortSignal | undefined): AttemptFailure | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const codeText = typeof code === 'string' ? code : undefined;
  if (caller?.aborted) return new AttemptFailure('cancelled', 'request cancelled by the caller', { cause: error });
  if (deadline?.aborted || codeText === 'UND_ERR_HEADERS_TIMEOUT' || codeText === 'UND_ERR_BODY_TIMEOUT') {
    return new AttemptFailure('timeout', 'upstream did not answer in time', { cause: error, code: codeText });
  }
  if (codeText === 'UND_ERR_CONNECT_TIMEOUT') {
    return new AttemptFailure('connect_timeout', 'connect timed out', { cause: error, code: codeText });
  }
  if (codeText && CALLER_BUGS.has(codeText)) return undefined;
  if (isTlsCode(codeText)) {
    return new AttemptFailure('tls', `TLS handshake failed (${codeText})`, { cause: error, code: codeText });
  }
  if (error instanceof TypeError && !codeText) return undefined;
  return new AttemptFailure('network', `network error${codeText ? ` (${codeText})` : ''}`, {
    cause: error,
    code: codeText,
  });
}
