/**
 * Typed tool failures. A handler throws one of these; the runtime turns it into
 * an `isError: true` result whose text a model can act on. Anything else thrown
 * is an internal error: its details are logged and masked from the caller.
 */
export type ToolErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'upstream_error'
  | 'timeout'
  | 'cancelled'
  | 'not_configured'
  | 'too_large'
  | 'internal';

export interface ToolErrorOptions {
  /** What the caller (a model) can do about it: shown after the message. */
  hint?: string;
  /** Seconds after which a retry may succeed (rate limits, open breakers). */
  retryAfterSeconds?: number;
  /** Structured details safe to show the caller. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class ToolError extends Error {
  readonly code: ToolErrorCode;
  readonly hint: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ToolErrorCode, message: string, options: ToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolError';
    this.code = code;
    this.hint = options.hint;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }

  /** The text a model sees. */
  toText(): string {
    const parts = [this.message];
    if (this.retryAfterSeconds !== undefined) parts.push(`Retry after ${this.retryAfterSeconds} s.`);
    if (this.hint) parts.push(this.hint);
    return parts.join(' ');
  }
}

export class NotFoundError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super('not_found', message, options);
  }
}

export class InvalidInputError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super('invalid_input', message, options);
  }
}

export class UnauthorizedError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super('unauthorized', message, options);
  }
}

export class ForbiddenError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super('forbidden', message, options);
  }
}

export class ConflictError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super('conflict', message, options);
  }
}

export class RateLimitedError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super('rate_limited', message, options);
  }
}

export class UpstreamUnavailableError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super('upstream_unavailable', message, options);
  }
}

export class UpstreamError extends ToolError {
  readonly status: number | undefined;
  constructor(message: string, options: ToolErrorOptions & { status?: number } = {}) {
    super('upstream_error', message, options);
    this.status = options.status;
  }
}

export class TimeoutError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super('timeout', message, options);
  }
}

export class NotConfiguredError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super('not_configured', message, options);
  }
}

export function isToolError(error: unknown): error is ToolError {
  return error instanceof ToolError;
}
