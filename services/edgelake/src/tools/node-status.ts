import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { type EdgeLakeClient, nodeStatus } from '../client.js';
import { asText, isRecord, parseTextTable, pick } from '../parse.js';

const processSchema = z.object({ name: z.string(), status: z.string(), details: z.string().optional() });

/** `get processes where format = json` → `{ "TCP": { "Status": "Running", "Details": "…" }, … }`, or the text table. */
function processesOf(json: unknown, text: string): Array<z.infer<typeof processSchema>> {
  if (isRecord(json)) {
    return Object.entries(json).map(([name, value]) => ({
      name,
      status: (isRecord(value) ? asText(pick(value, 'Status')) : asText(value)) ?? 'unknown',
      ...(isRecord(value) && asText(pick(value, 'Details')) && { details: asText(pick(value, 'Details')) }),
    }));
  }
  return (parseTextTable(text)?.rows ?? []).map((row) => ({
    name: asText(pick(row, 'Process')) ?? '?',
    status: asText(pick(row, 'Status')) ?? 'unknown',
    ...(asText(pick(row, 'Details')) && { details: asText(pick(row, 'Details')) }),
  }));
}

export const nodeStatusTool = defineTool({
  name: 'node_status',
  title: 'Node status and services',
  description:
    'Whether the EdgeLake node runs (get status) and, by default, the state of its services (get processes): TCP, REST, Operator, Publisher, Blockchain Sync, Scheduler, message broker… ' +
    'Use it to see what role the node plays and whether data ingestion and the metadata sync are active.',
  input: z.object({ include_processes: z.boolean().default(true) }),
  output: z.object({
    running: z.boolean(),
    node: z.string().optional(),
    address: z.string().optional(),
    status: z.string(),
    processes: z.array(processSchema).optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) => `${o.status}${o.processes ? `\n${o.processes.map((p) => `${p.name}: ${p.status}${p.details ? ` (${p.details})` : ''}`).join('\n')}` : ''}`,
  handler: async ({ include_processes }, { client, signal }: ToolContext<EdgeLakeClient>) => {
    const status = await nodeStatus(client, signal);
    if (!include_processes) return status;
    const { json, text } = await client.run('get processes where format = json', { signal });
    return { ...status, processes: processesOf(json, text) };
  },
});
