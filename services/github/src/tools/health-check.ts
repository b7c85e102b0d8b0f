import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { rateLimitSchema } from '../models.js';
import { READ } from './common.js';

const bucket = z.object({ limit: z.number(), remaining: z.number(), used: z.number().optional(), resetAt: z.string() });
type Bucket = z.infer<typeof bucket>;

const toBucket = (r: { limit: number; remaining: number; reset: number; used?: number }): Bucket => ({
  limit: r.limit,
  remaining: r.remaining,
  used: r.used,
  resetAt: new Date(r.reset * 1000).toISOString(),
});

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Check the GitHub connection',
  description:
    'Checks that GITHUB_TOKEN works: reads the rate-limit status (GET /rate_limit, free) and who the token belongs to (GET /user; installation tokens via GET /installation/repositories). Returns ok, latency, identity, the classic-token scopes granted, and the core/search/graphql quotas left. Call it first when other tools fail.',
  input: z.object({}),
  output: z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    identity: z.string().optional(),
    kind: z.string().optional().describe('user, bot or installation'),
    scopes: z.array(z.string()).optional().describe('Scopes of a classic token (x-oauth-scopes); absent for fine-grained and installation tokens'),
    rateLimit: rateLimitSchema.optional(),
    resources: z.object({ core: bucket, search: bucket.optional(), graphql: bucket.optional() }).optional(),
    note: z.string().optional(),
    error: z.string().optional().describe('Why the check failed, when ok is false'),
  }),
  annotations: READ,
  render: (o) =>
    o.ok
      ? `GitHub answered in ${o.latencyMs} ms${o.identity ? ` as ${o.identity}` : ''}${o.resources ? `; core ${o.resources.core.remaining}/${o.resources.core.limit} left` : ''}${o.note ? ` (${o.note})` : ''}.`
      : `GitHub check failed after ${o.latencyMs} ms: ${o.error}`,
  handler: async (_args, { client, signal }: ToolContext<GithubClient>) => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    try {
      let limits: Awaited<ReturnType<GithubClient['rateLimits']>> | undefined;
      let note: string | undefined;
      try {
        limits = await client.rateLimits(signal);
      } catch (error) {
        if (!isToolError(error) || error.code !== 'not_found') throw error;
        note = 'rate limiting is disabled on this GitHub Enterprise Server';
      }
      const who = await client.identify(signal);
      const resources = limits && {
        core: toBucket(limits.resources.core),
        ...(limits.resources.search && { search: toBucket(limits.resources.search) }),
        ...(limits.resources.graphql && { graphql: toBucket(limits.resources.graphql) }),
      };
      return { ok: true, latencyMs: latencyMs(), ...who, rateLimit: limits?.rateLimit ?? client.http.lastRateLimit, resources, note };
    } catch (error) {
      // Upstream failures are the answer to "is it healthy?"; anything else is a bug the runtime reports.
      if (!isToolError(error)) throw error;
      return { ok: false, latencyMs: latencyMs(), rateLimit: client.http.lastRateLimit, error: error.toText() };
    }
  },
});
