import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, Hono } from 'hono';
import type { HealthRegistry } from '../health/health.js';
import { type Authenticator, authMiddleware, hostValidation, originValidation } from '../http/security.js';
import type { Logger } from '../logging/logger.js';
import { bindRequestLogger, RequestScope } from '../logging/request-logger.js';
import { httpRequestsTotal, metricsRegistry } from '../metrics/registry.js';
import type { SharedSettings } from '../settings/env.js';
import { currentRequestContext, runWithRequestContext } from '../tracing/request-context.js';
import { startSpan } from '../tracing/spans.js';
import { continueTrace, formatTraceparent, parseTraceparent } from '../tracing/traceparent.js';
import type { LegacySse } from '../transport/legacy-sse.js';
import { jsonRpcError } from '../transport/legacy-sessions.js';
import type { McpEndpoint } from '../transport/mcp-endpoint.js';
import type { ServiceDefinition } from './types.js';

interface RouteDeps {
  // biome-ignore lint/suspicious/noExplicitAny: any service definition.
  def: ServiceDefinition<any, any>;
  settings: SharedSettings;
  logger: Logger;
  health: HealthRegistry;
  endpoint: McpEndpoint;
  sse: LegacySse;
  authenticate: Authenticator | undefined;
  isDraining: () => boolean;
  client: unknown;
  /** Refreshes gauges that are read, not pushed (block store size). */
  onScrape?: () => void;
}

type NodeBindings = { incoming: IncomingMessage; outgoing: ServerResponse };

/** Per request: the response headers the context middleware adds, for the /mcp handler to hand to the endpoint. */
const responseHeadersOf = new WeakMap<Request, Record<string, string>>();

const ROUTES = new Set(['/mcp', '/sse', '/messages', '/health', '/health/live', '/health/ready', '/metrics']);

function setResponseHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value); // immutable headers (a Response from fetch): let hono copy it
  }
}

export function mountRoutes(app: Hono, deps: RouteDeps): void {
  const { def, settings, logger, health, endpoint, sse } = deps;

  // Request context: id, trace, logger — for every line the request produces.
  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 128) || randomUUID();
    const route = ROUTES.has(c.req.path) ? c.req.path : 'other';
    // Probes and scrapes are not traced: they would drown the traces that matter.
    const traced = route === '/mcp' || route === '/messages' || route === 'other';
    const span = traced
      ? startSpan(`${c.req.method} ${route}`, parseTraceparent(c.req.header('traceparent')), 'server', {
          'mcp.service': def.name,
          'http.request.method': c.req.method,
          'url.path': c.req.path,
        })
      : { trace: continueTrace(c.req.header('traceparent')), setAttribute: () => {}, end: () => {} };
    const trace = span.trace;
    // The request's logger is built on first use, with the principal and tool bound by then (request-logger.ts).
    const scope = new RequestScope(requestId, trace, logger, { request_id: requestId, trace_id: trace.traceId });
    // Sorted by name: the order they reach the socket in when set on a built Response.
    const responseHeaders = { traceparent: formatTraceparent(trace), 'x-request-id': requestId };
    if (route === '/mcp') responseHeadersOf.set(c.req.raw, responseHeaders);
    try {
      await runWithRequestContext(scope, () => next());
    } finally {
      span.setAttribute('http.response.status_code', c.res.status);
      span.end(c.res.status >= 500 ? `HTTP ${c.res.status}` : undefined);
    }
    // Set on the response in place: c.header() after next() makes hono rebuild the Response.
    // A fast-path /mcp answer carries them already (given to the endpoint below).
    if (route !== '/mcp' || !endpoint.stamped(c.res)) {
      setResponseHeader(c, 'x-request-id', responseHeaders['x-request-id']);
      setResponseHeader(c, 'traceparent', responseHeaders.traceparent);
    }
    httpRequestsTotal.inc({ service: def.name, route, status: String(c.res.status) });
  });
  app.use('*', hostValidation(settings.HOST, settings.MCP_ALLOWED_HOSTS));
  app.use('*', originValidation(settings.MCP_ALLOWED_ORIGINS));

  app.get('/health/live', (c) => c.json({ status: 'alive', service: def.name }));
  app.get('/health/ready', async (c) => {
    if (deps.isDraining()) return c.json({ status: 'draining', service: def.name }, 503);
    const report = await health.report();
    const ready = report.status !== 'unhealthy';
    return c.json({ status: ready ? 'ready' : 'not_ready', service: def.name, components: report.components }, ready ? 200 : 503);
  });
  app.get('/health', async (c) => {
    const report = await health.report();
    return c.json(report, report.status === 'unhealthy' ? 503 : 200);
  });
  app.get('/metrics', async (c) => {
    await health.report().catch(() => undefined); // refresh mcp_health_status gauges (cached checks)
    deps.onScrape?.();
    return c.text(await metricsRegistry.metrics(), 200, { 'content-type': metricsRegistry.contentType });
  });

  if (deps.authenticate) {
    const guard = authMiddleware(deps.authenticate, (principal) => {
      const ctx = currentRequestContext();
      if (ctx) {
        ctx.principal = principal;
        bindRequestLogger(ctx, { principal: principal.id });
      }
    });
    for (const path of ['/mcp', '/sse', '/messages']) app.use(path, guard);
  }
  def.routes?.(app, { client: deps.client, logger });

  app.all('/mcp', (c) => {
    if (deps.isDraining()) return jsonRpcError(503, -32000, 'Service is shutting down; retry on another replica.');
    return endpoint.handle(c.req.raw, responseHeadersOf.get(c.req.raw));
  });

  app.get('/sse', async (c) => {
    const env = c.env as Partial<NodeBindings> | undefined;
    if (!env?.outgoing) return jsonRpcError(501, -32000, 'The legacy SSE transport needs the Node HTTP server.');
    await sse.open(env.outgoing);
    return RESPONSE_ALREADY_SENT;
  });
  app.post('/messages', async (c) => {
    const env = c.env as Partial<NodeBindings> | undefined;
    if (!env?.incoming || !env.outgoing) return jsonRpcError(501, -32000, 'The legacy SSE transport needs the Node HTTP server.');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return jsonRpcError(400, -32700, 'Parse error: the request body is not valid JSON');
    }
    const answered = await sse.post(c.req.query('sessionId'), env.incoming, env.outgoing, body);
    return answered ?? RESPONSE_ALREADY_SENT;
  });

  app.notFound((c) => c.json({ error: 'not_found', message: `No route for ${c.req.method} ${c.req.path}. MCP is served at /mcp.` }, 404));
  app.onError((error, c) => {
    logger.error({ err: error, path: c.req.path }, 'unhandled error in HTTP handler');
    return jsonRpcError(500, -32603, 'Internal error');
  });
}
