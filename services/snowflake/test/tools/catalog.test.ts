import { afterEach, describe, expect, it } from 'vitest';
import { text } from '../fake-snowflake.js';
import { type Harness, startHarness, textOf } from '../harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const submittedStatements = (h: Harness) => h.fake.submissions.map((s) => s.statement);

/** SHOW TABLES output columns, as Snowflake names them. */
const SHOW_TABLES = ['created_on', 'name', 'database_name', 'schema_name', 'kind', 'comment', 'cluster_by', 'rows', 'bytes', 'owner', 'retention_time'].map(
  text,
);
const table = (name: string) => ['2024-05-01 10:00:00.000 -0700', name, 'SALES', 'PUBLIC', 'TABLE', '', '', '42', '2048', 'SYSADMIN', '1'];

describe('list_objects', () => {
  it('lists tables in a schema and pages with LIMIT … FROM the last name', async () => {
    harness = await startHarness();
    harness.fake.on('SHOW TABLES IN SCHEMA SALES.PUBLIC LIMIT 3', { kind: 'result', rowType: SHOW_TABLES, partitions: [[table('A'), table('B'), table('C')]] });
    harness.fake.on("SHOW TABLES IN SCHEMA SALES.PUBLIC LIMIT 3 FROM 'B'", { kind: 'result', rowType: SHOW_TABLES, partitions: [[table('C')]] });
    const first = await harness.call('list_objects', { level: 'tables', in: 'SALES.PUBLIC', limit: 2 });
    expect(first.structuredContent).toEqual({
      level: 'tables',
      objects: [
        { name: 'A', database: 'SALES', schema: 'PUBLIC', kind: 'TABLE', owner: 'SYSADMIN', createdOn: '2024-05-01 10:00:00.000 -0700', rows: 42, bytes: 2048 },
        { name: 'B', database: 'SALES', schema: 'PUBLIC', kind: 'TABLE', owner: 'SYSADMIN', createdOn: '2024-05-01 10:00:00.000 -0700', rows: 42, bytes: 2048 },
      ],
      nextCursor: 'B',
    });
    const second = await harness.call('list_objects', { level: 'tables', in: 'SALES.PUBLIC', limit: 2, cursor: 'B' });
    expect(second.structuredContent).toMatchObject({ objects: [{ name: 'C' }] });
    expect((second.structuredContent as { nextCursor?: string }).nextCursor).toBeUndefined();
  });

  it('lists warehouses with their state and size, saying how many were left out', async () => {
    harness = await startHarness();
    const cols = ['name', 'state', 'type', 'size', 'owner', 'comment'].map(text);
    harness.fake.on("SHOW WAREHOUSES LIKE '%WH'", {
      kind: 'result',
      rowType: cols,
      partitions: [
        [
          ['A_WH', 'SUSPENDED', 'STANDARD', 'X-Small', 'SYSADMIN', ''],
          ['B_WH', 'STARTED', 'STANDARD', 'Small', 'SYSADMIN', 'ETL'],
        ],
      ],
    });
    const result = await harness.call('list_objects', { level: 'warehouses', like: '%WH', limit: 1 });
    expect(result.structuredContent).toEqual({
      level: 'warehouses',
      objects: [{ name: 'A_WH', state: 'SUSPENDED', size: 'X-Small', owner: 'SYSADMIN' }],
      omitted: 1,
    });
    expect(textOf(result)).toContain('1 more not shown');
  });

  it('refuses a container name that is not an identifier, without calling Snowflake', async () => {
    harness = await startHarness();
    const result = await harness.call('list_objects', { level: 'schemas', in: "SALES'; DROP DATABASE SALES; --" });
    expect(result.isError).toBe(true);
    expect(submittedStatements(harness)).toHaveLength(0);
  });
});

describe('describe_table', () => {
  it('returns the columns of DESCRIBE TABLE', async () => {
    harness = await startHarness();
    const cols = [
      'name',
      'type',
      'kind',
      'null?',
      'default',
      'primary key',
      'unique key',
      'check',
      'expression',
      'comment',
      'policy name',
      'privacy domain',
    ].map(text);
    harness.fake.on('DESCRIBE TABLE SALES.PUBLIC."Orders"', {
      kind: 'result',
      rowType: cols,
      partitions: [
        [
          ['ID', 'NUMBER(38,0)', 'COLUMN', 'N', null, 'Y', 'N', null, null, 'order id', null, null],
          ['AMOUNT', 'NUMBER(12,2)', 'COLUMN', 'Y', '0', 'N', 'N', null, null, null, null, null],
        ],
      ],
    });
    const result = await harness.call('describe_table', { table: 'SALES.PUBLIC."Orders"' });
    expect(result.structuredContent).toEqual({
      table: 'SALES.PUBLIC."Orders"',
      columns: [
        { name: 'ID', type: 'NUMBER(38,0)', kind: 'COLUMN', nullable: false, primaryKey: true, uniqueKey: false, comment: 'order id' },
        { name: 'AMOUNT', type: 'NUMBER(12,2)', kind: 'COLUMN', nullable: true, default: '0', primaryKey: false, uniqueKey: false },
      ],
    });
  });

  it('an unknown table is not_found with a pointer to list_objects', async () => {
    harness = await startHarness();
    const result = await harness.call('describe_table', { table: 'NOPE', kind: 'view' });
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'not_found' });
    expect(submittedStatements(harness)).toContain('DESCRIBE VIEW NOPE');
  });
});

describe('query_history', () => {
  it('returns recent queries, newest first, with clipped texts', async () => {
    harness = await startHarness({ env: { SNOWFLAKE_DATABASE: 'SALES' } });
    const cols = [
      'QUERY_ID',
      'QUERY_TEXT',
      'USER_NAME',
      'ROLE_NAME',
      'WAREHOUSE_NAME',
      'DATABASE_NAME',
      'SCHEMA_NAME',
      'QUERY_TYPE',
      'EXECUTION_STATUS',
      'ERROR_CODE',
      'ERROR_MESSAGE',
      'START_TIME',
      'END_TIME',
      'TOTAL_ELAPSED_TIME',
      'ROWS_PRODUCED',
      'BYTES_SCANNED',
    ].map(text);
    harness.fake.on((sql) => sql.includes('SALES.INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 2)'), {
      kind: 'result',
      rowType: cols,
      partitions: [
        [
          [
            '01b-1',
            `SELECT '${'x'.repeat(3_000)}'`,
            'FLEET_BOT',
            'READER',
            'ANALYTICS_WH',
            'SALES',
            'PUBLIC',
            'SELECT',
            'SUCCESS',
            null,
            null,
            '2024-05-01 10:00:01.000 -0700',
            '2024-05-01 10:00:02.000 -0700',
            '812',
            '10',
            '4096',
          ],
          [
            '01b-2',
            'SELECT nope',
            'FLEET_BOT',
            'READER',
            'ANALYTICS_WH',
            'SALES',
            'PUBLIC',
            'SELECT',
            'FAILED_WITH_ERROR',
            '000904',
            "invalid identifier 'NOPE'",
            '2024-05-01 09:00:00.000 -0700',
            '2024-05-01 09:00:00.100 -0700',
            '100',
            '0',
            '0',
          ],
        ],
      ],
    });
    const result = await harness.call('query_history', { limit: 2 });
    const { queries } = result.structuredContent as { queries: Array<Record<string, unknown>> };
    expect(queries).toHaveLength(2);
    expect(String(queries[0]?.queryText)).toHaveLength(2_000);
    expect(queries[1]).toEqual({
      queryId: '01b-2',
      queryText: 'SELECT nope',
      user: 'FLEET_BOT',
      role: 'READER',
      warehouse: 'ANALYTICS_WH',
      database: 'SALES',
      schema: 'PUBLIC',
      queryType: 'SELECT',
      status: 'FAILED_WITH_ERROR',
      errorCode: '000904',
      errorMessage: "invalid identifier 'NOPE'",
      startTime: '2024-05-01 09:00:00.000 -0700',
      endTime: '2024-05-01 09:00:00.100 -0700',
      elapsedMs: 100,
      rowsProduced: 0,
      bytesScanned: 0,
    });
  });
});
