import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../http/security.js';
import type { Logger } from '../logging/logger.js';
import type { TraceContext } from './traceparent.js';

/**
 * What every line of a request carries (ARCHITECTURE.md, Logs): one store per
 * inbound request, reachable from any code the request runs — tool handlers,
 * the upstream client (to propagate `traceparent`), the logger.
 */
export interface RequestContext {
  requestId: string;
  trace: TraceContext;
  logger: Logger;
  /** The last rate-limit headers an upstream call of this tool call returned. */
  rateLimit?: Record<string, unknown>;
  /** Identity that authenticated the request, when auth is on. */
  principal?: Principal;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
