import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { PortkeyAdminClient } from '../client.js';
import { apiKeyOf } from '../env.js';
import { configListPayload } from '../models.js';
import { READ } from '../outputs.js';

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Check the Portkey Admin API connection',
  description:
    'Checks the Portkey API key with the cheapest admin call, GET /configs (proves the key and its configs.list scope). Returns ok, latency, which variable the key came from, the workspace used and how many configs it sees. Call it first when other tools fail.',
  input: z.object({}),
  output: z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    identity: z.string().optional().describe('Which variable holds the key in use'),
    workspace: z.string().optional(),
    configs: z.number().optional().describe('Configs the key can list'),
    error: z.string().optional().describe('Why the check failed, when ok is false'),
  }),
  annotations: READ,
  render: (o) =>
    o.ok
      ? `Portkey answered in ${o.latencyMs} ms with the key in ${o.identity}; ${o.configs} configs visible${o.workspace ? ` in workspace ${o.workspace}` : ''}.`
      : `Portkey check failed after ${o.latencyMs} ms: ${o.error}`,
  handler: async (_args, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    const workspace = client.workspace(undefined);
    try {
      const res = await client.get('/configs', { workspace_id: workspace }, { schema: configListPayload, signal, scope: 'configs.list', retries: 0 });
      return { ok: true, latencyMs: latencyMs(), identity: apiKeyOf(client.env)?.variable, workspace, configs: res.data.length };
    } catch (error) {
      if (!isToolError(error)) throw error;
      return { ok: false, latencyMs: latencyMs(), identity: apiKeyOf(client.env)?.variable, workspace, error: error.toText() };
    }
  },
});
