import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SnowflakeClient } from '../client.js';
import { runStatement } from '../results.js';
import { bindingsInput, contextInput, queryOutput, renderQuery, timeoutInput, toBindings, toQueryOutput, waitInput } from './shared.js';

export const executeStatement = defineTool({
  name: 'execute_statement',
  title: 'Execute a SQL statement (DML/DDL)',
  description:
    'Executes one Snowflake SQL statement of any kind (INSERT, UPDATE, DELETE, MERGE, CREATE, ALTER, DROP, GRANT…) through the SQL API and returns its status, ' +
    'DML row counts and up to max_rows result rows. Irreversible changes and warehouse credits are possible, so the gateway asks a human first. ' +
    'Only listed when SNOWFLAKE_READ_ONLY=false. Prefer run_query for reads. One statement per call (USE, PUT, GET, BEGIN/COMMIT and session variables are not supported by the SQL API).',
  input: z.object({
    sql: z.string().min(1).max(100_000).describe('One statement, e.g. UPDATE orders SET status = ? WHERE id = ?'),
    bindings: bindingsInput,
    ...contextInput,
    timeout_s: timeoutInput,
    wait_s: waitInput,
    max_rows: z.number().int().min(1).max(10_000).default(100).describe('Most result rows to return, if the statement returns rows'),
  }),
  output: queryOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  largeResult: true,
  timeoutMs: 180_000,
  render: renderQuery,
  handler: async (args, { client, signal }: ToolContext<SnowflakeClient>) => {
    const outcome = await runStatement(client, {
      statement: args.sql,
      bindings: toBindings(args.bindings),
      database: args.database,
      schema: args.schema,
      warehouse: args.warehouse,
      role: args.role,
      timeoutS: args.timeout_s ?? client.env.SNOWFLAKE_STATEMENT_TIMEOUT_S,
      async: args.wait_s === 0,
      waitS: args.wait_s,
      maxRows: Math.min(args.max_rows, client.env.SNOWFLAKE_MAX_ROWS),
      signal,
    });
    return toQueryOutput(outcome);
  },
});
