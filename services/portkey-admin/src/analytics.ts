import * as z from 'zod';
import { isoDateTime } from './time-range.js';

/**
 * Analytics endpoints and their shared filters (Portkey-AI/openapi openapi.yaml,
 * components.parameters). Lists are sent comma-separated, metadata as a JSON
 * string, as the spec documents them.
 */

export const GRAPHS = {
  cost: { path: '/analytics/graphs/cost', units: 'cost in cents (total and avg per request)' },
  requests: { path: '/analytics/graphs/requests', units: 'request counts' },
  tokens: { path: '/analytics/graphs/tokens', units: 'tokens (total and avg per request)' },
  latency: { path: '/analytics/graphs/latency', units: 'milliseconds (avg, p50, p90, p99)' },
  errors: { path: '/analytics/graphs/errors', units: 'error counts' },
  error_status_codes: { path: '/analytics/graphs/errors/status-codes', units: 'error counts per response status code' },
  users: { path: '/analytics/graphs/users', units: 'unique users' },
  cache_hit_rate: { path: '/analytics/graphs/cache/hit-rate', units: 'cache hits, hit rate in percent, cumulative savings in cents' },
  cache_latency: { path: '/analytics/graphs/cache/latency', units: 'milliseconds for cache hits' },
  rescued_requests: { path: '/analytics/graphs/requests/rescued', units: 'requests rescued by retries and fallbacks' },
  feedbacks: { path: '/analytics/graphs/feedbacks', units: 'feedback counts and weighted scores' },
  cache_summary: { path: '/analytics/summary/cache', units: 'cache hits, avg hit latency in ms, total requests, speedup in percent (summary only)' },
} as const;
export type Metric = keyof typeof GRAPHS;

const list = (what: string, example: string) => z.array(z.string().min(1).max(200)).max(50).optional().describe(`${what}, e.g. ${example}`);

export const timeRangeFields = {
  time_of_generation_min: isoDateTime('Start of the window (required)'),
  time_of_generation_max: isoDateTime('End of the window (required)'),
};

export const filterFields = {
  workspace_slug: z
    .string()
    .max(100)
    .optional()
    .describe('Workspace slug; defaults to PORTKEY_ADMIN_WORKSPACE_ID, else Portkey uses the default workspace (ignored for workspace keys)'),
  virtual_keys: list('Provider / virtual key slugs', '["openai-prod-4b1c"]'),
  configs: list('Config slugs', '["pc-fallback-3a9e"]'),
  api_key_ids: list('Portkey API key UUIDs', '["765768a9-b4ec-4694-962c-d55f40cdb0dc"]'),
  ai_org_models: list('provider__model pairs', '["openai__gpt-4o", "anthropic__claude-sonnet-4"]'),
  prompt_slugs: list('Prompt slugs', '["support-reply"]'),
  status_codes: z.array(z.number().int().min(100).max(599)).max(20).optional().describe('Response status codes, e.g. [429, 500]'),
  metadata: z.record(z.string(), z.string()).optional().describe('Metadata key/value pairs the requests carried, e.g. {"_user": "user_1", "env": "prod"}'),
};

const filterSchema = z.object({ ...timeRangeFields, ...filterFields });
export type AnalyticsFilters = z.infer<typeof filterSchema>;

/** The query string of an analytics call. */
export function analyticsQuery(f: AnalyticsFilters, workspaceSlug: string | undefined): Record<string, string | undefined> {
  const csv = (values: readonly (string | number)[] | undefined) => (values?.length ? values.join(',') : undefined);
  return {
    time_of_generation_min: f.time_of_generation_min,
    time_of_generation_max: f.time_of_generation_max,
    workspace_slug: workspaceSlug,
    virtual_keys: csv(f.virtual_keys),
    configs: csv(f.configs),
    api_key_ids: csv(f.api_key_ids),
    ai_org_model: csv(f.ai_org_models),
    prompt_slug: csv(f.prompt_slugs),
    status_code: csv(f.status_codes),
    metadata: f.metadata ? JSON.stringify(f.metadata) : undefined,
  };
}
