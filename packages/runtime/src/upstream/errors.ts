import { STATUS_CODES } from 'node:http';
import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  ToolError,
  UnauthorizedError,
  UpstreamError,
  UpstreamUnavailableError,
} from '../errors/tool-errors.js';
import { AttemptFailure, type HttpFailureResponse } from './failure.js';

/** What a message may name. `path` carries no query string: queries can hold keys. */
export interface ErrorContext {
  name: string;
  method: string;
  path: string;
  timeoutMs: number;
  attempts: number;
  signal: AbortSignal | undefined;
  describeAuthError: ((status: 401 | 403) => string) | undefined;
}

const BODY_LIMIT = 500;

export function bodySnippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > BODY_LIMIT ? `${flat.slice(0, BODY_LIMIT - 1)}…` : flat;
}

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000));
}

function where(ctx: ErrorContext): string {
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  return `${ctx.method} ${ctx.path}${tries}`;
}

function fromHttp(res: HttpFailureResponse, retryAfterMs: number | undefined, ctx: ErrorContext): ToolError {
  const { status } = res;
  const statusText = res.statusText || STATUS_CODES[status] || '';
  const snippet = bodySnippet(res.bodyText);
  const said = snippet ? ` Upstream said: ${snippet}` : '';
  const head = `${ctx.name} answered ${status} ${statusText} to ${where(ctx)}.`;
  const details = { upstream: ctx.name, status, ...(snippet ? { body: snippet } : {}) };
  const retryAfterSeconds = seconds(retryAfterMs);
  const rateLimited = status === 429 || (status === 403 && (res.rateLimit?.remaining === 0 || retryAfterMs !== undefined));

  if (rateLimited) {
    const resource = res.rateLimit?.resource ? ` (resource: ${res.rateLimit.resource})` : '';
    return new RateLimitedError(`${ctx.name} rate limit reached${resource}: ${head}${said}`, {
      retryAfterSeconds,
      details: { ...details, rateLimit: res.rateLimit },
      hint: 'Wait before calling this upstream again.',
    });
  }
  if (status === 401) {
    const why = ctx.describeAuthError?.(401) ?? 'Check the credentials configured for this upstream.';
    return new UnauthorizedError(`${ctx.name} rejected the credentials: ${head} ${why}`, { details });
  }
  if (status === 403) {
    const why = ctx.describeAuthError?.(403) ?? 'The credentials lack a permission this call needs.';
    return new ForbiddenError(`${head} ${why}${said}`, { details });
  }
  if (status === 404) {
    return new NotFoundError(`${head} Check that the identifiers exist and are spelled right.${said}`, { details });
  }
  if (status === 400 || status === 422) {
    return new InvalidInputError(`${head} Fix the arguments and call again.${said}`, { details });
  }
  if (status === 409) return new ToolError('conflict', `${head}${said}`, { details });
  return new UpstreamError(`${head}${said}`, { status, retryAfterSeconds, details });
}

function fromAbort(ctx: ErrorContext, cause: unknown): ToolError {
  const reason: unknown = ctx.signal?.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new TimeoutError(`${ctx.name} did not finish ${ctx.method} ${ctx.path} before the caller's deadline.`, { cause });
  }
  return new ToolError('cancelled', `The request to ${ctx.name} (${ctx.method} ${ctx.path}) was cancelled.`, { cause });
}

/**
 * The final error of a call, as a ToolError a model can act on. Headers are never
 * part of it; body text is scrubbed of auth values before it gets here and is
 * truncated. Errors that are not upstream failures (programming errors) pass
 * through unchanged so the runtime masks and logs them as internal.
 */
export function toToolError(error: unknown, ctx: ErrorContext): unknown {
  if (error instanceof ToolError) return error;
  if (!(error instanceof AttemptFailure)) return ctx.signal?.aborted ? fromAbort(ctx, error) : error;
  switch (error.kind) {
    case 'http':
      return fromHttp(error.response as HttpFailureResponse, error.retryAfterMs, ctx);
    case 'timeout':
      return new TimeoutError(`${ctx.name} did not answer ${where(ctx)} within ${ctx.timeoutMs} ms.`, {
        hint: 'The upstream is slow or overloaded; retry later or narrow the request.',
        cause: error,
      });
    case 'cancelled':
      return fromAbort(ctx, error);
    case 'tls': {
      const reason = error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return new UpstreamUnavailableError(`${ctx.name} failed the TLS handshake (${error.code}${reason}) for ${where(ctx)}.`, {
        hint: 'Check the CA, client certificate and server name configured for this upstream; retrying will not help.',
        details: { upstream: ctx.name, tls: error.code },
        cause: error,
      });
    }
    default: {
      const how = error.kind === 'connect_timeout' ? 'connecting timed out' : (error.code ?? 'network error');
      return new UpstreamUnavailableError(`${ctx.name} could not be reached (${how}) for ${where(ctx)}.`, {
        hint: 'The upstream may be down or unreachable; retry later.',
        cause: error,
      });
    }
  }
}

export function malformedResponse(ctx: ErrorContext, status: number, cause: unknown): UpstreamError {
  return new UpstreamError(`${ctx.name} returned a malformed response to ${ctx.method} ${ctx.path}: the body is not valid JSON.`, {
    status,
    cause,
    details: { upstream: ctx.name, status },
  });
}
