import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { type EdgeLakeClient, nodeStatus } from '../client.js';

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Check the EdgeLake connection',
  description:
    'Sends the cheapest EdgeLake command (get status) to check that this service reaches the node’s REST server. Returns ok, latency, the node name and what the node reports. Call it first when other tools fail.',
  input: z.object({}),
  output: z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    identity: z.string().optional().describe('The node name'),
    address: z.string().optional(),
    status: z.string().optional().describe('What the node reports, e.g. "query-node@10.0.0.3:32348 running"'),
    error: z.string().optional().describe('Why the check failed, when ok is false'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) =>
    o.ok ? `EdgeLake node ${o.identity ?? ''} answered in ${o.latencyMs} ms: ${o.status}` : `EdgeLake check failed after ${o.latencyMs} ms: ${o.error}`,
  handler: async (_args, { client, signal }: ToolContext<EdgeLakeClient>) => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    try {
      const s = await nodeStatus(client, signal, 0);
      return {
        ok: s.running,
        latencyMs: latencyMs(),
        ...(s.node && { identity: s.node }),
        ...(s.address && { address: s.address }),
        status: s.status,
        ...(!s.running && { error: `the node does not report itself running: ${s.status}` }),
      };
    } catch (error) {
      if (!isToolError(error)) throw error;
      return { ok: false, latencyMs: latencyMs(), error: error.toText() };
    }
  },
});
