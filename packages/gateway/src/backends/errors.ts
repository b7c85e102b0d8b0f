import { InvalidInputError, TimeoutError, UpstreamError, UpstreamUnavailableError } from '@mcp/runtime';
import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError } from '@modelcontextprotocol/client';

/**
 * What a failed backend request says about the backend:
 * - answered: the backend is alive and said no (JSON-RPC error, 4xx) — a breaker success;
 * - failed: slow or erroring (timeout, 5xx) — counts towards opening the breaker;
 * - lost: the connection is gone (refused, closed, process exited, session expired) — trip and reconnect;
 * - aborted: the caller cancelled — says nothing about the backend.
 */
export type FailureKind = 'answered' | 'failed' | 'lost' | 'aborted';

const ANSWERED_SDK_CODES = new Set<string>([
  SdkErrorCode.CapabilityNotSupported,
  SdkErrorCode.InvalidResult,
  SdkErrorCode.UnsupportedResultType,
  SdkErrorCode.InputRequiredRoundsExceeded,
  SdkErrorCode.ListPaginationExceeded,
  SdkErrorCode.MethodNotSupportedByProtocolVersion,
]);

export function classifyFailure(error: unknown, callerSignal?: AbortSignal): FailureKind {
  if (callerSignal?.aborted) return 'aborted';
  if (error instanceof ProtocolError) return 'answered';
  if (error instanceof SdkHttpError) {
    // 404 on a 2025-era session means the backend restarted and forgot it: reconnect.
    if (error.status === 404 || error.status === 401 || error.status === 403) return 'lost';
    return error.status >= 500 ? 'failed' : 'answered';
  }
  if (error instanceof SdkError) {
    if (error.code === SdkErrorCode.RequestTimeout) return 'failed';
    return ANSWERED_SDK_CODES.has(error.code) ? 'answered' : 'lost';
  }
  // fetch's TypeError (ECONNREFUSED, reset), EPIPE on a dead child's stdin, anything unknown.
  return 'lost';
}

/** A JSON-RPC error the server SDK passes through as is (it reads the numeric `code`). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export const RPC_INVALID_PARAMS = -32602;
export const RPC_INTERNAL_ERROR = -32603;
/** MCP's "resource not found". */
export const RPC_RESOURCE_NOT_FOUND = -32002;

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * The failure as a tool error a model can act on; always names the backend,
 * so "which service is down" never needs the gateway log. A caller's own
 * cancellation is rethrown as it is.
 */
export function toToolError(backend: string, what: string, error: unknown, kind: FailureKind, timeoutMs: number): unknown {
  if (kind === 'aborted') return error;
  if (error instanceof ProtocolError) {
    const Ctor = error.code === RPC_INVALID_PARAMS ? InvalidInputError : UpstreamError;
    return new Ctor(`Backend '${backend}' rejected ${what}: ${reason(error)}`, { cause: error });
  }
  if (error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout) {
    return new TimeoutError(`Backend '${backend}' did not answer ${what} within ${timeoutMs} ms.`, {
      hint: 'The service may be overloaded; try again later or narrow the request.',
      cause: error,
    });
  }
  if (kind === 'answered' || kind === 'failed') return new UpstreamError(`Backend '${backend}' failed ${what}: ${reason(error)}`, { cause: error });
  return new UpstreamUnavailableError(`Backend '${backend}' is unavailable: ${reason(error)}`, {
    hint: 'The gateway reconnects by itself; try again shortly.',
    cause: error,
  });
}
