import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SnowflakeClient } from '../client.js';
import { clip } from '../models.js';
import { rowObjects, runToResult } from '../results.js';
import { qualifiedName } from '../sql/identifiers.js';
import { assertReadOnlySql } from '../sql/read-only.js';

const columnInfo = z.object({
  name: z.string(),
  type: z.string().describe('e.g. NUMBER(38,0), VARCHAR(16777216), TIMESTAMP_NTZ(9)'),
  kind: z.string().optional().describe('COLUMN, or VIRTUAL for computed columns'),
  nullable: z.boolean(),
  default: z.string().optional(),
  primaryKey: z.boolean(),
  uniqueKey: z.boolean(),
  comment: z.string().optional(),
  expression: z.string().optional(),
});

const flag = (v: string | null | undefined) => v === 'Y' || v === 'true';
const text = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? undefined : clip(v, 500));

export const describeTable = defineTool({
  name: 'describe_table',
  title: 'Describe a table or view',
  description:
    'Lists the columns of a Snowflake table or view (DESCRIBE TABLE/VIEW): name, type, nullability, default, primary/unique key and comment. ' +
    'Pass table as database.schema.table, schema.table or table (unquoted parts resolve case-insensitively; double-quote a part to keep its case).',
  input: z.object({
    table: z.string().min(1).max(800).describe('e.g. SALES.PUBLIC.ORDERS or "Mixed"."Case"."Name"'),
    kind: z.enum(['table', 'view']).default('table'),
    role: z.string().min(1).max(255).optional().describe('Role to describe as; default SNOWFLAKE_ROLE'),
  }),
  output: z.object({ table: z.string(), columns: z.array(columnInfo) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  timeoutMs: 120_000,
  render: (o) =>
    `${o.table}: ${o.columns.length} columns\n${o.columns.map((c) => `${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}${c.primaryKey ? ' PK' : ''}`).join('\n')}`,
  handler: async (args, { client, signal }: ToolContext<SnowflakeClient>) => {
    const name = qualifiedName(args.table, `${args.kind} name`, 1, 3);
    const statement = `DESCRIBE ${args.kind.toUpperCase()} ${name}`;
    assertReadOnlySql(statement);
    const result = await runToResult(client, { statement, role: args.role, timeoutS: 60, waitS: 60, maxRows: 10_000, signal });
    const columns = rowObjects(result).map((r) => ({
      name: r.name ?? '',
      type: r.type ?? '',
      ...(text(r.kind) && { kind: text(r.kind) }),
      nullable: flag(r['null?']),
      ...(text(r.default) && { default: text(r.default) }),
      primaryKey: flag(r['primary key']),
      uniqueKey: flag(r['unique key']),
      ...(text(r.comment) && { comment: text(r.comment) }),
      ...(text(r.expression) && { expression: text(r.expression) }),
    }));
    return { table: name, columns };
  },
});
