import { TimeoutError, type ToolContext } from '@mcp/runtime';
import type { SnowflakeClient, StatementState, SubmitOptions } from './client.js';
import { malformed } from './errors.js';
import { type Column, type ResultSet, toColumns } from './models.js';
import { succeeded } from './client.js';

export interface CollectedResult {
  statementHandle: string;
  columns: Column[];
  rows: Array<Array<string | null>>;
  totalRows: number;
  partitions: { total: number; fetched: number };
  /** Every row of the result is in `rows`. */
  complete: boolean;
  /** Where the rows left out start, for get_statement. */
  continueAt?: { partition: number; rowOffset: number };
  stats?: Record<string, number>;
  message?: string;
}

type Progress = ToolContext['progress'];

/**
 * Concatenates the result's partitions, in order, until `maxRows` rows are in:
 * partition 0 came with the result, the others are fetched one by one (Snowflake
 * serves them from a single reader). A result cut short says where the rest starts.
 */
export async function collectRows(
  client: SnowflakeClient,
  first: ResultSet,
  maxRows: number,
  signal?: AbortSignal,
  progress?: Progress,
): Promise<CollectedResult> {
  const handle = first.statementHandle ?? '';
  const meta = first.resultSetMetaData;
  const total = Math.max(1, meta?.partitionInfo?.length ?? 1);
  const rows: Array<Array<string | null>> = [];
  let continueAt: CollectedResult['continueAt'];
  let fetched = 0;

  for (let partition = 0; partition < total; partition += 1) {
    if (rows.length >= maxRows) {
      continueAt = { partition, rowOffset: 0 };
      break;
    }
    let data = first.data ?? [];
    if (partition > 0) {
      if (!handle) throw malformed('result set (partitions without a statementHandle)');
      const page = succeeded(await client.status(handle, { partition, signal }));
      if (!page) throw malformed(`partition ${partition} (the statement reports it is still running)`);
      data = page.data ?? [];
    }
    fetched += 1;
    const room = maxRows - rows.length;
    if (data.length > room) {
      rows.push(...data.slice(0, room));
      continueAt = { partition, rowOffset: room };
      break;
    }
    rows.push(...data);
    if (total > 1) await progress?.(fetched, total, `fetched partition ${partition + 1} of ${total}`);
  }

  const stats = first.stats ? Object.fromEntries(Object.entries(first.stats).filter((e): e is [string, number] => typeof e[1] === 'number')) : undefined;
  return {
    statementHandle: handle,
    columns: toColumns(meta?.rowType),
    rows,
    totalRows: meta?.numRows ?? rows.length,
    partitions: { total, fetched },
    complete: continueAt === undefined,
    ...(continueAt && { continueAt }),
    ...(stats && Object.keys(stats).length > 0 && { stats }),
    ...(first.message && { message: first.message }),
  };
}

export type RunOutcome = { status: 'running'; statementHandle: string; message: string } | ({ status: 'succeeded' } & CollectedResult);

/** Submits, polls up to `waitS` seconds, and collects up to `maxRows` rows; a statement still running comes back as its handle. */
export async function runStatement(
  client: SnowflakeClient,
  options: SubmitOptions & { waitS: number; maxRows: number; progress?: Progress },
): Promise<RunOutcome> {
  const submitted = await client.submit(options);
  const state: StatementState = options.waitS > 0 ? await client.waitFor(submitted, options.waitS * 1_000, options.signal) : submitted;
  const result = succeeded(state);
  if (!result) {
    const handle = state.state === 'running' ? (state.status.statementHandle ?? '') : '';
    return {
      status: 'running',
      statementHandle: handle,
      message: `Still running after ${options.waitS} s. Poll it with get_statement (statement_handle "${handle}") or stop it with cancel_statement.`,
    };
  }
  return { status: 'succeeded', ...(await collectRows(client, result, options.maxRows, options.signal, options.progress)) };
}

/** For the tools whose statements the service builds (SHOW, DESCRIBE, history): they must finish within the wait. */
export async function runToResult(client: SnowflakeClient, options: SubmitOptions & { waitS: number; maxRows: number }): Promise<CollectedResult> {
  const outcome = await runStatement(client, options);
  if (outcome.status === 'running') {
    throw new TimeoutError(`Snowflake had not finished after ${options.waitS} s (statement ${outcome.statementHandle}).`, {
      hint: 'Retry in a moment, or poll the handle with get_statement.',
      details: { statementHandle: outcome.statementHandle },
    });
  }
  return outcome;
}

/** Rows of a SHOW/DESCRIBE result as objects keyed by lower-case column name. */
export function rowObjects(result: CollectedResult): Array<Record<string, string | null>> {
  const names = result.columns.map((c) => c.name.toLowerCase());
  return result.rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? null])));
}
