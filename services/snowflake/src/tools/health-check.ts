import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SnowflakeClient } from '../client.js';
import { rateLimitSchema } from '../models.js';

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Check the Snowflake connection',
  description:
    'Calls the cheapest Snowflake endpoint to check that this service reaches it with working credentials. Returns ok, the round-trip latency in ms, the identity the credentials belong to (when the upstream tells) and the rate-limit quota left. Call it first when other tools fail.',
  input: z.object({}),
  output: z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    identity: z.string().optional(),
    rateLimit: rateLimitSchema.optional(),
    error: z.string().optional().describe('Why the check failed, when ok is false'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) =>
    o.ok
      ? `Snowflake answered in ${o.latencyMs} ms${o.identity ? ` as ${o.identity}` : ''}${o.rateLimit?.remaining === undefined ? '' : `; ${o.rateLimit.remaining} requests left`}.`
      : `Snowflake check failed after ${o.latencyMs} ms: ${o.error}`,
  handler: async (_args, { client, signal }: ToolContext<SnowflakeClient>) => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    try {
      const { identity, rateLimit } = await client.whoami({ signal, retries: 0 });
      return { ok: true, latencyMs: latencyMs(), identity, rateLimit };
    } catch (error) {
      // Upstream failures are the answer to "is it healthy?"; anything else is a bug the runtime reports.
      if (!isToolError(error)) throw error;
      return { ok: false, latencyMs: latencyMs(), rateLimit: client.http.lastRateLimit, error: error.toText() };
    }
  },
});
