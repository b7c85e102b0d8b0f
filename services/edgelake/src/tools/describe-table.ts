import { defineTool, NotFoundError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { EdgeLakeClient } from '../client.js';
import { checkName } from '../command.js';
import { columnsSchema } from '../models.js';
import { asText, parseTextTable, pick } from '../parse.js';
import { dbmsInput, resolveDbms, tableInput } from './shared.js';

export const describeTable = defineTool({
  name: 'describe_table',
  title: 'Describe a table',
  description:
    'Lists the columns and data types of a table as the network metadata declares it (get columns). EdgeLake adds row_id, insert_timestamp, tsd_name and tsd_id to every table for its own bookkeeping; they are flagged as system columns.',
  input: z.object({ dbms: dbmsInput, table: tableInput }),
  output: z.object({
    dbms: z.string(),
    table: z.string(),
    columns: z.array(z.object({ name: z.string(), type: z.string(), system: z.boolean().describe('Added by EdgeLake for data management') })),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) => `${o.dbms}.${o.table}:\n${o.columns.map((c) => `${c.name} ${c.type}${c.system ? ' (system)' : ''}`).join('\n')}`,
  handler: async (args, { client, signal }: ToolContext<EdgeLakeClient>) => {
    const dbms = resolveDbms(client, args.dbms);
    const table = checkName(args.table, 'table');
    const { json, text } = await client.run(`get columns where dbms = ${dbms} and table = ${table} and format = json`, { signal });
    // { "row_id": "integer", "insert_timestamp": "timestamp without time zone", …, "value": "decimal" }
    const declared = columnsSchema.safeParse(json);
    const pairs: Array<[string, string]> = declared.success
      ? Object.entries(declared.data).map(([name, type]) => [name, asText(type) ?? ''])
      : (parseTextTable(text)?.rows ?? []).map((row) => [
          asText(pick(row, 'Column Name', 'Column', 'name')) ?? '?',
          asText(pick(row, 'Column Type', 'Type')) ?? '',
        ]);
    if (pairs.length === 0) {
      throw new NotFoundError(`EdgeLake knows no columns for ${dbms}.${table}.`, { hint: 'Check the names with list_tables (names are lower case).' });
    }
    const system = new Set(['row_id', 'insert_timestamp', 'tsd_name', 'tsd_id']);
    return { dbms, table, columns: pairs.map(([name, type]) => ({ name, type, system: system.has(name) })) };
  },
});
