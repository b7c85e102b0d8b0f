import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { EdgeLakeClient } from '../client.js';
import { checkName, policyCommand } from '../command.js';
import { tablePolicySchema } from '../models.js';
import { asText, isRecord, parseTextTable, pick } from '../parse.js';
import { dbmsInput } from './shared.js';

const tableSchema = z.object({
  dbms: z.string(),
  table: z.string(),
  local: z.boolean().optional().describe('Declared in this node’s local database'),
  blockchain: z.boolean().optional().describe('Declared on the network’s metadata (blockchain)'),
});
type TableEntry = z.infer<typeof tableSchema>;

const flag = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (value === '') return false; // text tables leave the cell empty when the mark (V) is absent
  const text = asText(value);
  return text === undefined ? undefined : /^(v|true|yes|y|1)$/i.test(text);
};

/** `blockchain get table` → `[{ "table": { "dbms": "…", "name": "…", "create": "…", … } }, …]` (the documented policy shape). */
function fromPolicies(json: unknown): TableEntry[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((policy) => {
    const parsed = tablePolicySchema.safeParse(policy);
    return parsed.success ? [{ dbms: parsed.data.table.dbms, table: parsed.data.table.name, blockchain: true }] : [];
  });
}

/** `get tables … and format = json`, read whichever way the node lays it out; or its text table (Database | Table name | Local DBMS | Blockchain). */
function fromNode(json: unknown, text: string): TableEntry[] {
  const entry = (dbms: string, value: unknown, name?: string): TableEntry | undefined => {
    const table = name ?? (typeof value === 'string' ? value : isRecord(value) ? asText(pick(value, 'table', 'table_name', 'name')) : undefined);
    if (!table) return undefined;
    const local = isRecord(value) ? flag(pick(value, 'local', 'Local DBMS')) : undefined;
    const blockchain = isRecord(value) ? flag(pick(value, 'blockchain')) : undefined;
    return { dbms, table, ...(local !== undefined && { local }), ...(blockchain !== undefined && { blockchain }) };
  };
  const out: Array<TableEntry | undefined> = [];
  if (isRecord(json)) {
    for (const [dbms, value] of Object.entries(json)) {
      if (Array.isArray(value)) out.push(...value.map((v) => entry(dbms, v)));
      else if (isRecord(value)) out.push(...Object.entries(value).map(([name, v]) => entry(dbms, v, name)));
    }
  } else if (Array.isArray(json)) {
    out.push(...json.map((v) => (isRecord(v) ? entry(asText(pick(v, 'dbms', 'database')) ?? '?', v) : undefined)));
  } else {
    let dbms = '';
    for (const row of parseTextTable(text)?.rows ?? []) {
      dbms = asText(pick(row, 'Database', 'DBMS')) ?? dbms; // the database is printed once per group
      out.push(entry(dbms, row, asText(pick(row, 'Table name', 'Table'))));
    }
  }
  return out.filter((e): e is TableEntry => e !== undefined);
}

export const listTables = defineTool({
  name: 'list_tables',
  title: 'List tables',
  description:
    'Lists tables with their logical database. scope "network" (default) reads the table policies of the network metadata (blockchain get table): every table any operator hosts. ' +
    'scope "node" asks this node (get tables), flagging whether each table is declared locally and on the metadata. Filter with dbms.',
  input: z.object({ dbms: dbmsInput.describe('Only this logical database (default: all)'), scope: z.enum(['network', 'node']).default('network') }),
  output: z.object({ scope: z.string(), tables: z.array(tableSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  largeResult: true,
  render: (o) => `${o.tables.length} tables (${o.scope}):\n${o.tables.map((t) => `${t.dbms}.${t.table}`).join('\n')}`,
  handler: async ({ dbms, scope }, { client, signal }: ToolContext<EdgeLakeClient>) => {
    const name = dbms === undefined ? undefined : checkName(dbms, 'database');
    if (scope === 'network') {
      const { json } = await client.run(policyCommand('table', name ? { dbms: name } : {}), { signal });
      const tables = fromPolicies(json).sort((a, b) => `${a.dbms}.${a.table}`.localeCompare(`${b.dbms}.${b.table}`));
      return { scope, tables };
    }
    const { json, text } = await client.run(`get tables where dbms = ${name ?? '*'} and format = json`, { signal });
    return { scope, tables: fromNode(json, text) };
  },
});
