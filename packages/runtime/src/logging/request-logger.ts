import type { Principal } from '../http/security.js';
import type { RequestContext } from '../tracing/request-context.js';
import type { TraceContext } from '../tracing/traceparent.js';
import type { Logger } from './logger.js';

type Bindings = Record<string, unknown>;

/**
 * A request's context whose logger is built on first use. A pino `child()`
 * serializes its bindings at once, and a tool call used to build three in a
 * row (request id + trace, then the principal, then the tool: ~4–8 % of a
 * call's CPU, bench/RESULTS.md). Here the bindings are collected until a line
 * is actually logged, and the tool logger is one child of the service logger
 * with all of them: the same fields, in the same order, on every line.
 */
export class RequestScope implements RequestContext {
  rateLimit?: Record<string, unknown>;
  principal?: Principal;
  private built: Logger | undefined;

  constructor(
    readonly requestId: string,
    readonly trace: TraceContext,
    private readonly base: Logger,
    private readonly bindings: Bindings,
  ) {}

  get logger(): Logger {
    if (!this.built) this.built = this.base.child(this.bindings);
    return this.built;
  }

  set logger(logger: Logger) {
    this.built = logger;
  }

  /** Adds fields to every later line of the request (the authenticated principal). */
  bind(extra: Bindings): void {
    if (this.built) this.built = this.built.child(extra);
    else Object.assign(this.bindings, extra);
  }

  /** A logger for part of the request (one tool call) with more fields, without building the request's own. */
  childLogger(extra: Bindings): Logger {
    if (this.built) return this.built.child(extra);
    return this.base.child({ ...this.bindings, ...extra });
  }
}

/** `extra` bound onto the request's logger: one `child()` when the context is a RequestScope that has not logged yet. */
export function requestChildLogger(context: RequestContext | undefined, fallback: Logger, extra: Bindings): Logger {
  if (context instanceof RequestScope) return context.childLogger(extra);
  return (context?.logger ?? fallback).child(extra);
}

/** Adds fields to every later line of the request. */
export function bindRequestLogger(context: RequestContext, extra: Bindings): void {
  if (context instanceof RequestScope) context.bind(extra);
  else context.logger = context.logger.child(extra);
}
