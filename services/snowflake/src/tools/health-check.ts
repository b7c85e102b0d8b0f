import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { type SnowflakeClient, whoami } from '../client.js';
import { rateLimitSchema } from '../models.js';

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Check the Snowflake connection',
  description:
    'Runs the cheapest Snowflake statement (SELECT CURRENT_ACCOUNT(), CURRENT_USER(), CURRENT_ROLE(), CURRENT_WAREHOUSE(); metadata only, no warehouse needed) to check that this service reaches Snowflake with working credentials. ' +
    'Returns ok, the round-trip latency in ms, who the credentials belong to, the role and warehouse statements run with, and the auth mode. Call it first when other tools fail.',
  input: z.object({}),
  output: z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    identity: z.string().optional().describe('USER in ACCOUNT'),
    role: z.string().optional(),
    warehouse: z.string().optional(),
    authMode: z.enum(['keypair', 'pat', 'oauth']).optional(),
    rateLimit: rateLimitSchema.optional(),
    error: z.string().optional().describe('Why the check failed, when ok is false'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) =>
    o.ok
      ? `Snowflake answered in ${o.latencyMs} ms as ${o.identity}${o.role ? `, role ${o.role}` : ''}${o.warehouse ? `, warehouse ${o.warehouse}` : ''} (${o.authMode} auth).`
      : `Snowflake check failed after ${o.latencyMs} ms: ${o.error}`,
  handler: async (_args, { client, signal }: ToolContext<SnowflakeClient>) => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    const authMode = client.auth.mode;
    try {
      const who = await whoami(client, signal);
      return {
        ok: true,
        latencyMs: latencyMs(),
        ...who,
        ...(authMode && { authMode }),
        ...(client.http.lastRateLimit && { rateLimit: client.http.lastRateLimit }),
      };
    } catch (error) {
      // Upstream failures are the answer to "is it healthy?"; anything else is a bug the runtime reports.
      if (!isToolError(error)) throw error;
      return { ok: false, latencyMs: latencyMs(), ...(authMode && { authMode }), error: error.toText() };
    }
  },
});
