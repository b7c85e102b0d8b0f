import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { EdgeLakeClient } from '../client.js';
import { checkName } from '../command.js';
import { asText, isRecord, parseTextTable } from '../parse.js';
import { dbmsInput, tableInput } from './shared.js';

export const dataNodes = defineTool({
  name: 'data_nodes',
  title: 'Which nodes hold a table',
  description:
    'Shows which operator nodes (and clusters) host the data of a table (get data nodes): company, database, table, cluster, node name, addresses and status. Use it to see where a query will go and whether an operator is down.',
  input: z.object({ table: tableInput.optional().describe('Only this table'), dbms: dbmsInput.describe('Only this logical database') }),
  output: z.object({ nodes: z.array(z.record(z.string(), z.string())) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  largeResult: true,
  render: (o) => `${o.nodes.length} entries\n${o.nodes.map((n) => Object.values(n).join(' | ')).join('\n')}`,
  handler: async (args, { client, signal }: ToolContext<EdgeLakeClient>) => {
    const clauses = [args.dbms && `dbms = ${checkName(args.dbms, 'database')}`, args.table && `table = ${checkName(args.table, 'table')}`].filter(Boolean);
    const { json, text } = await client.run(`get data nodes${clauses.length > 0 ? ` where ${clauses.join(' and ')}` : ''}`, { signal });
    const toStrings = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asText(v) ?? '']));
    if (Array.isArray(json)) return { nodes: json.filter(isRecord).map(toStrings) };
    return { nodes: parseTextTable(text)?.rows ?? [] };
  },
});
