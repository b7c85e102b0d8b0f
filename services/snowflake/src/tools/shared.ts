import * as z from 'zod';
import type { Bindings } from '../client.js';
import { columnSchema, rowsSchema } from '../models.js';
import type { RunOutcome } from '../results.js';

/** Statement context a call may set; each falls back to its SNOWFLAKE_* default, then to the user's defaults. */
export const contextInput = {
  database: z.string().min(1).max(255).optional().describe('Database (case-sensitive, as SHOW prints it); default SNOWFLAKE_DATABASE'),
  schema: z.string().min(1).max(255).optional().describe('Schema (case-sensitive); default SNOWFLAKE_SCHEMA'),
  warehouse: z.string().min(1).max(255).optional().describe('Warehouse to run on; default SNOWFLAKE_WAREHOUSE'),
  role: z.string().min(1).max(255).optional().describe('Role to run as; default SNOWFLAKE_ROLE'),
};

const BIND_TYPES = ['TEXT', 'FIXED', 'REAL', 'BOOLEAN', 'DATE', 'TIME', 'TIMESTAMP_LTZ', 'TIMESTAMP_NTZ', 'TIMESTAMP_TZ', 'BINARY'] as const;

export const bindingsInput = z
  .array(
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.object({ type: z.enum(BIND_TYPES), value: z.string().nullable() }).describe('An explicitly typed value, e.g. {"type":"DATE","value":"2024-01-31"}'),
    ]),
  )
  .max(1_000)
  .optional()
  .describe('Values for the ? placeholders, in order. Strings bind as TEXT, integers as FIXED, other numbers as REAL, booleans as BOOLEAN.');

/** Positional values → the SQL API's `bindings` object (`{"1": {type, value}}`, every value as text). */
export function toBindings(values: z.infer<typeof bindingsInput>): Bindings | undefined {
  if (!values || values.length === 0) return undefined;
  const out: Bindings = {};
  values.forEach((value, index) => {
    const key = String(index + 1);
    if (value === null) out[key] = { type: 'TEXT', value: null };
    else if (typeof value === 'string') out[key] = { type: 'TEXT', value };
    else if (typeof value === 'number') out[key] = { type: Number.isInteger(value) ? 'FIXED' : 'REAL', value: String(value) };
    else if (typeof value === 'boolean') out[key] = { type: 'BOOLEAN', value: String(value) };
    else out[key] = value;
  });
  return out;
}

/** What run_query, get_statement and execute_statement return. */
export const queryOutput = z.object({
  status: z.enum(['succeeded', 'running']).describe('running: not finished within the wait; poll with get_statement'),
  statementHandle: z.string(),
  statementKind: z.string().optional().describe('SELECT, SHOW, DESCRIBE or EXPLAIN (run_query)'),
  columns: z.array(columnSchema).optional(),
  rows: rowsSchema.optional().describe('Every value as text (Snowflake jsonv2) or null, in column order'),
  rowCount: z.number().optional().describe('Rows in this answer'),
  totalRows: z.number().optional().describe('Rows in the whole result'),
  partitions: z.object({ total: z.number(), fetched: z.number() }).optional(),
  complete: z.boolean().optional().describe('false: rows were left out (max_rows); continueAt says where they start'),
  continueAt: z
    .object({ partition: z.number(), rowOffset: z.number() })
    .optional()
    .describe('Fetch the rest with get_statement(partition); skip rowOffset rows of that partition'),
  stats: z.record(z.string(), z.number()).optional().describe('numRowsInserted/Updated/Deleted for DML'),
  message: z.string().optional(),
});

export type QueryOutput = z.infer<typeof queryOutput>;

export function toQueryOutput(outcome: RunOutcome, statementKind?: string): QueryOutput {
  if (outcome.status === 'running') return { ...outcome, ...(statementKind && { statementKind }) };
  const { rows, ...rest } = outcome;
  return { ...rest, rows, rowCount: rows.length, ...(statementKind && { statementKind }) };
}

/** A summary line, then the columns and rows as compact JSON (the full data, not a pretty-printed copy). */
export function renderQuery(o: QueryOutput): string {
  if (o.status === 'running') return `Statement ${o.statementHandle} is still running. ${o.message ?? ''}`.trim();
  const head = `${o.rowCount ?? 0} of ${o.totalRows ?? 0} rows (statement ${o.statementHandle}${o.partitions && o.partitions.total > 1 ? `, ${o.partitions.fetched}/${o.partitions.total} partitions` : ''}).`;
  const rest =
    o.complete === false && o.continueAt ? ` More rows: get_statement partition ${o.continueAt.partition}, skipping ${o.continueAt.rowOffset} rows.` : '';
  const stats = o.stats ? `\nstats: ${JSON.stringify(o.stats)}` : '';
  return `${head}${rest}${stats}\ncolumns: ${JSON.stringify((o.columns ?? []).map((c) => `${c.name} ${c.type}`))}\nrows: ${JSON.stringify(o.rows ?? [])}`;
}

export const waitInput = z
  .number()
  .int()
  .min(0)
  .max(110)
  .default(45)
  .describe('Seconds to wait for the result before returning the handle (0: submit asynchronously and return at once)');

export const timeoutInput = z
  .number()
  .int()
  .min(1)
  .max(86_400)
  .optional()
  .describe('Server-side timeout in seconds after which Snowflake cancels the statement; default SNOWFLAKE_STATEMENT_TIMEOUT_S');

export const maxRowsInput = z
  .number()
  .int()
  .min(1)
  .max(1_000_000)
  .optional()
  .describe('Most rows to return (capped by SNOWFLAKE_MAX_ROWS); large answers come back as a preview plus a resource link read in blocks');
