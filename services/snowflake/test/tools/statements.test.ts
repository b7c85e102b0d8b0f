import { afterEach, describe, expect, it } from 'vitest';
import { fixed } from '../fake-snowflake.js';
import { type Harness, startHarness, textOf } from '../harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function submitted(h: Harness, sql: string, partitions: string[][][], polls = 0): Promise<string> {
  h.fake.on(sql, { kind: 'result', rowType: [fixed('N')], partitions, polls });
  const result = await h.call('run_query', { sql, wait_s: 0 });
  return (result.structuredContent as { statementHandle: string }).statementHandle;
}

describe('get_statement', () => {
  it('reports a running statement, then its rows once done', async () => {
    harness = await startHarness();
    const handle = await submitted(harness, 'SELECT n FROM t', [[['1']]], 1);
    expect((await harness.call('get_statement', { statement_handle: handle })).structuredContent).toMatchObject({ status: 'running', statementHandle: handle });
    expect((await harness.call('get_statement', { statement_handle: handle })).structuredContent).toMatchObject({ status: 'succeeded', rows: [['1']] });
  });

  it('wait_s keeps polling until the statement is done', async () => {
    harness = await startHarness();
    const handle = await submitted(harness, 'SELECT n FROM t', [[['1']]], 1);
    expect((await harness.call('get_statement', { statement_handle: handle, wait_s: 5 })).structuredContent).toMatchObject({
      status: 'succeeded',
      rows: [['1']],
    });
  });

  it('returns one partition, from a row offset, to continue a capped answer', async () => {
    harness = await startHarness();
    const handle = await submitted(harness, 'SELECT n FROM t', [
      [['1'], ['2']],
      [['3'], ['4'], ['5']],
    ]);
    const result = await harness.call('get_statement', { statement_handle: handle, partition: 1, row_offset: 1 });
    expect(result.structuredContent).toMatchObject({ status: 'succeeded', rows: [['4'], ['5']], rowCount: 2, complete: true });
    const capped = await harness.call('get_statement', { statement_handle: handle, partition: 1, max_rows: 1 });
    expect(capped.structuredContent).toMatchObject({ rows: [['3']], complete: false, continueAt: { partition: 1, rowOffset: 1 } });
  });

  it('partition 0 carries the columns', async () => {
    harness = await startHarness();
    const handle = await submitted(harness, 'SELECT n FROM t', [[['1']], [['2']]]);
    const result = await harness.call('get_statement', { statement_handle: handle, partition: 0 });
    expect(result.structuredContent).toMatchObject({ columns: [{ name: 'N', type: 'FIXED' }], rows: [['1']], partitions: { total: 2, fetched: 1 } });
  });

  it('a cancelled statement reports the cancellation', async () => {
    harness = await startHarness({ env: { SNOWFLAKE_READ_ONLY: 'false' } });
    const handle = await submitted(harness, 'SELECT n FROM t', [[['1']]], 5);
    const cancelled = await harness.call('cancel_statement', { statement_handle: handle });
    expect(cancelled.structuredContent).toMatchObject({ statementHandle: handle, cancelled: true, message: 'successfully canceled' });
    expect(harness.fake.upstream.requests.at(-1)).toMatchObject({ method: 'POST', path: `/api/v2/statements/${handle}/cancel` });
    const result = await harness.call('get_statement', { statement_handle: handle });
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'cancelled', details: { code: '000604', sqlState: '57014' } });
  });

  it('refuses a handle that is not a query id, without calling Snowflake', async () => {
    harness = await startHarness();
    const result = await harness.call('get_statement', { statement_handle: '../../admin' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/is not a Snowflake statement handle/);
    expect(harness.fake.upstream.requests).toHaveLength(0);
  });

  it('an unknown handle is not_found', async () => {
    harness = await startHarness();
    const result = await harness.call('get_statement', { statement_handle: '01b2c3d4-0000-4a5b-0000-999999999999' });
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'not_found' });
  });
});

describe('cancel_statement', () => {
  it('reports Snowflake’s 422 for a statement it cannot cancel', async () => {
    harness = await startHarness({ env: { SNOWFLAKE_READ_ONLY: 'false' } });
    const result = await harness.call('cancel_statement', { statement_handle: '01b2c3d4-0000-4a5b-0000-999999999999' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/code 000709/);
  });
});

describe('execute_statement', () => {
  it('is not callable while read-only (the default)', async () => {
    harness = await startHarness();
    const result = await harness
      .call('execute_statement', { sql: 'DELETE FROM t' })
      .catch((error: Error) => ({ isError: true, content: [{ text: error.message }] }));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/execute_statement/);
  });

  it('runs DML and returns the row counts', async () => {
    harness = await startHarness({ env: { SNOWFLAKE_READ_ONLY: 'false' } });
    harness.fake.on('INSERT INTO t VALUES (?), (?)', {
      kind: 'result',
      rowType: [fixed('number of rows inserted')],
      partitions: [[['2']]],
      stats: { numRowsInserted: 2 },
    });
    const result = await harness.call('execute_statement', { sql: 'INSERT INTO t VALUES (?), (?)', bindings: [1, 2] });
    expect(result.structuredContent).toMatchObject({ status: 'succeeded', stats: { numRowsInserted: 2 }, rows: [['2']] });
    expect(textOf(result)).toContain('"numRowsInserted":2');
  });
});
