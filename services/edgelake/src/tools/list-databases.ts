import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { EdgeLakeClient } from '../client.js';
import { databasesSchema } from '../models.js';
import { asText, parseTextTable, pick } from '../parse.js';

const databaseSchema = z.object({
  name: z.string(),
  type: z.string().optional().describe('psql, sqlite…'),
  address: z.string().optional(),
  storage: z.string().optional(),
});

export const listDatabases = defineTool({
  name: 'list_databases',
  title: 'List the node’s databases',
  description:
    'Lists the logical databases connected on this EdgeLake node (get databases) with the physical database behind each (PostgreSQL, SQLite), its address and storage. ' +
    'For the databases and tables of the whole network use list_tables.',
  input: z.object({}),
  output: z.object({ databases: z.array(databaseSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) => `${o.databases.length} databases: ${o.databases.map((d) => `${d.name}${d.type ? ` (${d.type})` : ''}`).join(', ')}`,
  handler: async (_args, { client, signal }: ToolContext<EdgeLakeClient>) => {
    const { json, text } = await client.run('get databases where format = json', { signal });
    const declared = databasesSchema.safeParse(json);
    if (declared.success) {
      // { "<dbms>": { "dbms_type": "psql", "ip_port": "127.0.0.1:5432", "storage": "Persistent" }, … }
      const databases = Object.entries(declared.data).map(([name, info]) => ({
        name,
        ...(asText(info.dbms_type) && { type: asText(info.dbms_type) }),
        ...(asText(info.ip_port) && { address: asText(info.ip_port) }),
        ...(asText(info.storage) && { storage: asText(info.storage) }),
      }));
      return { databases };
    }
    const databases = (parseTextTable(text)?.rows ?? []).map((row) => ({
      name: asText(pick(row, 'Logical DBMS')) ?? '?',
      ...(asText(pick(row, 'Database Type')) && { type: asText(pick(row, 'Database Type')) }),
      ...(asText(pick(row, 'IP:Port')) && { address: asText(pick(row, 'IP:Port')) }),
      ...(asText(pick(row, 'Storage')) && { storage: asText(pick(row, 'Storage')) }),
    }));
    return { databases };
  },
});
