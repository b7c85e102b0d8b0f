export { createUpstreamClient } from './client.js';
export { isTlsCode } from './failure.js';
export { exhaustedForMs, headerLookup, parseRateLimit, parseRetryAfter } from './rate-limit.js';
export type { HeaderLookup, RateLimitInfo } from './rate-limit.js';
export type { PemInput, UpstreamTlsOptions } from './tls.js';
export type {
  BreakerOptions,
  BreakerState,
  HeadersProvider,
  HealthCheck,
  HttpMethod,
  QueryValue,
  RequestOptions,
  UpstreamClient,
  UpstreamClientOptions,
  UpstreamHealth,
  UpstreamRequest,
  UpstreamResponse,
} from './types.js';
