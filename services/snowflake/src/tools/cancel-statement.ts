import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SnowflakeClient } from '../client.js';
import { clip } from '../models.js';

export const cancelStatement = defineTool({
  name: 'cancel_statement',
  title: 'Cancel a running statement',
  description:
    'Cancels a running Snowflake statement by its statementHandle (from run_query, execute_statement or get_statement). Cancelling a statement that already finished fails with Snowflake’s message. ' +
    'Only listed when SNOWFLAKE_READ_ONLY=false.',
  input: z.object({ statement_handle: z.string().min(1).max(64).describe('statementHandle of the statement to cancel') }),
  output: z.object({
    statementHandle: z.string(),
    cancelled: z.boolean(),
    code: z.string().optional(),
    sqlState: z.string().optional(),
    message: z.string().optional(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) => `Statement ${o.statementHandle}: ${o.message ?? 'cancel requested'}.`,
  handler: async ({ statement_handle }, { client, signal }: ToolContext<SnowflakeClient>) => {
    const status = await client.cancel(statement_handle, signal);
    return {
      statementHandle: status.statementHandle ?? statement_handle,
      cancelled: true,
      ...(status.code && { code: status.code }),
      ...(status.sqlState && { sqlState: status.sqlState }),
      ...(status.message && { message: clip(status.message, 500) }),
    };
  },
});
