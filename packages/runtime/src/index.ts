/**
 * @mcp/runtime — the only home of cross-cutting concerns in the fleet.
 * Explicit named exports: this list is the public API services may use.
 */
export { createService, type CreateServiceOptions, type Service } from './service/create-service.js';
export type { RunningServer, RuntimeKit, ServiceDefinition, StartOptions } from './service/types.js';
export type { AssembledService } from './service/assemble.js';

export {
  defineTool,
  rawResult,
  withContent,
  type AnyToolDefinition,
  type ToolAnnotations,
  type ToolContext,
  type ToolDefinition,
  type ToolReturn,
} from './tools/define-tool.js';
export { composeMiddleware, hooksToMiddleware, type ToolCall, type ToolHooks, type ToolMiddleware, type ToolNext } from './tools/middleware.js';
export { errorResult, type ToolOutcome } from './tools/builtin-middleware.js';
export { createElicit, type Elicit, type ElicitFormParams, ElicitationUnavailableError, type ElicitOptions, InputRequiredError } from './tools/elicit.js';
export { createRateLimiter, type RateLimiter, type RateLimitOptions } from './limits/rate-limit.js';
export { filterTools, globToRegExp, matchesAny, type ToolFilterOptions } from './tools/filters.js';
export type { ConfigureServer, PromptDefinition, ResourceDefinition } from './mcp/definitions.js';
export { largeResultEnvelope } from './mcp/build-server.js';
export type { DynamicTool, ToolListContext, ToolSource } from './mcp/dynamic-tools.js';

export {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  isToolError,
  NotConfiguredError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  ToolError,
  type ToolErrorCode,
  type ToolErrorOptions,
  UnauthorizedError,
  UpstreamError,
  UpstreamUnavailableError,
} from './errors/tool-errors.js';

export { envBoolean, envCsv, envPrefix, parseEnv, parseSharedSettings, SettingsError, type SharedSettings, sharedSettingsSchema } from './settings/env.js';
export { createLogger, scrubSecrets, type CreateLoggerOptions, type Logger } from './logging/logger.js';
export { HealthRegistry, type ComponentHealth, type HealthCheck, type HealthCheckOptions, type HealthReport, type HealthState } from './health/health.js';
export {
  CIRCUIT_STATE_VALUE,
  circuitState,
  defineCounter,
  defineGauge,
  defineHistogram,
  healthStatus,
  metricsRegistry,
  toolCallDuration,
  toolCallsTotal,
  upstreamRequestDuration,
  upstreamRequestsTotal,
} from './metrics/registry.js';
export {
  apiKeyAuthenticator,
  assertSafeBind,
  AuthenticationError,
  keyMatcher,
  isLoopback,
  presentedCredential,
  type Authenticator,
  type Principal,
} from './http/security.js';
export { currentRequestContext, runWithRequestContext, type RequestContext } from './tracing/request-context.js';
export { childSpan, continueTrace, formatTraceparent, parseTraceparent, type TraceContext } from './tracing/traceparent.js';
export { flushTracing, initTracing, shutdownTracing, type SpanHandle, startSpan, type TracingOptions } from './tracing/spans.js';

export { headerLookup, parseRateLimit, parseRetryAfter, type RateLimitInfo } from './upstream/index.js';
export {
  createUpstreamClient,
  isTlsCode,
  type UpstreamClient,
  type UpstreamClientOptions,
  type UpstreamRequest,
  type UpstreamResponse,
  type UpstreamTlsOptions,
} from './upstream/index.js';
export { createBlockStore, createLargeResultHandler, splitUtf8, type BlockStore, type LargeResultHandler } from './blocks/index.js';

// Re-exported so services and fixtures never need to depend on the SDK directly.
export { completable, inputRequired, McpServer, ResourceTemplate } from '@modelcontextprotocol/server';
export type { CallToolResult, ContentBlock, GetPromptResult, ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';
