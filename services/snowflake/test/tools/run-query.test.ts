import { afterEach, describe, expect, it } from 'vitest';
import { fixed, text } from '../fake-snowflake.js';
import { type Harness, startHarness, textOf } from '../harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const postsTo = (h: Harness, path = '/api/v2/statements') => h.fake.upstream.requests.filter((r) => r.method === 'POST' && r.path === path);
const errorText = (r: { content?: unknown }) => textOf(r);

describe('run_query', () => {
  it('runs a read statement with the context defaults and returns typed columns and rows', async () => {
    harness = await startHarness({ env: { SNOWFLAKE_DATABASE: 'SALES' } });
    harness.fake.on('SELECT id, name FROM customers LIMIT 2', {
      kind: 'result',
      rowType: [fixed('ID'), text('NAME')],
      partitions: [
        [
          ['1', 'Ada'],
          ['2', null],
        ],
      ],
    });
    const result = await harness.call('run_query', { sql: 'SELECT id, name FROM customers LIMIT 2', schema: 'PUBLIC' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      status: 'succeeded',
      statementKind: 'SELECT',
      columns: [
        { name: 'ID', type: 'FIXED', precision: 38, scale: 0, nullable: false },
        { name: 'NAME', type: 'TEXT', length: 16_777_216 },
      ],
      rows: [
        ['1', 'Ada'],
        ['2', null],
      ],
      rowCount: 2,
      totalRows: 2,
      complete: true,
    });
    expect(textOf(result)).toContain('2 of 2 rows');
    const [post] = postsTo(harness);
    expect(post?.query).toMatchObject({ retry: 'true' });
    expect(post?.query.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      statement: 'SELECT id, name FROM customers LIMIT 2',
      timeout: 60,
      database: 'SALES',
      schema: 'PUBLIC',
      warehouse: 'ANALYTICS_WH',
      role: 'READER',
    });
  });

  it('binds ? placeholders with Snowflake types', async () => {
    harness = await startHarness();
    harness.fake.on((sql) => sql.startsWith('SELECT * FROM t WHERE'), { kind: 'result', rowType: [fixed('N')], partitions: [[['1']]] });
    await harness.call('run_query', {
      sql: 'SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d = ? AND e = ? AND f = ?',
      bindings: ['x', 42, 1.5, true, null, { type: 'DATE', value: '2024-01-31' }],
    });
    expect(JSON.parse(postsTo(harness)[0]?.body ?? '{}').bindings).toEqual({
      1: { type: 'TEXT', value: 'x' },
      2: { type: 'FIXED', value: '42' },
      3: { type: 'REAL', value: '1.5' },
      4: { type: 'BOOLEAN', value: 'true' },
      5: { type: 'TEXT', value: null },
      6: { type: 'DATE', value: '2024-01-31' },
    });
  });

  it('refuses a write statement without calling Snowflake', async () => {
    harness = await startHarness();
    const result = await harness.call('run_query', { sql: "SELECT 1; DELETE FROM orders WHERE id = '1'" });
    expect(result.isError).toBe(true);
    expect(errorText(result)).toMatch(/more than one statement/);
    expect(postsTo(harness)).toHaveLength(0);
  });

  it('polls a statement Snowflake answers with 202 (code 333334) at its statementStatusUrl until it is done', async () => {
    harness = await startHarness();
    harness.fake.on('SELECT slow()', { kind: 'result', rowType: [fixed('X')], partitions: [[['7']]], polls: 1 });
    const result = await harness.call('run_query', { sql: 'SELECT slow()' });
    expect(result.structuredContent).toMatchObject({ status: 'succeeded', rows: [['7']] });
    const polls = harness.fake.upstream.requests.filter((r) => r.method === 'GET');
    expect(polls).toHaveLength(2);
    expect(polls[0]?.path).toMatch(/^\/api\/v2\/statements\/01b2c3d4-/);
  });

  it('returns the handle of a statement still running after wait_s', async () => {
    harness = await startHarness();
    harness.fake.on('SELECT forever()', { kind: 'result', rowType: [fixed('X')], partitions: [[['1']]], polls: 1_000 });
    const result = await harness.call('run_query', { sql: 'SELECT forever()', wait_s: 1 });
    expect(result.structuredContent).toMatchObject({ status: 'running', statementHandle: expect.stringMatching(/^01b2c3d4-/) });
    expect(textOf(result)).toMatch(/still running.*get_statement/);
  });

  it('wait_s 0 submits asynchronously (async=true) and returns the handle at once', async () => {
    harness = await startHarness();
    harness.fake.on('SELECT 1', { kind: 'result', rowType: [fixed('1')], partitions: [[['1']]] });
    const result = await harness.call('run_query', { sql: 'SELECT 1', wait_s: 0 });
    expect(result.structuredContent).toMatchObject({ status: 'running' });
    expect(postsTo(harness)[0]?.query.async).toBe('true');
    const fetched = await harness.call('get_statement', { statement_handle: (result.structuredContent as { statementHandle: string }).statementHandle });
    expect(fetched.structuredContent).toMatchObject({ status: 'succeeded', rows: [['1']] });
  });

  it('fetches every partition (later ones gzip-compressed) and concatenates them in order', async () => {
    harness = await startHarness();
    harness.fake.on('SELECT n FROM big', { kind: 'result', rowType: [fixed('N')], partitions: [[['1'], ['2']], [['3'], ['4']], [['5']]] });
    const result = await harness.call('run_query', { sql: 'SELECT n FROM big' });
    expect(result.structuredContent).toMatchObject({
      rows: [['1'], ['2'], ['3'], ['4'], ['5']],
      totalRows: 5,
      partitions: { total: 3, fetched: 3 },
      complete: true,
    });
    const gets = harness.fake.upstream.requests.filter((r) => r.method === 'GET');
    expect(gets.map((g) => g.query.partition)).toEqual(['1', '2']);
    expect(gets[0]?.headers['accept-encoding']).toBe('gzip');
  });

  it('stops at max_rows and says where the rest starts', async () => {
    harness = await startHarness();
    harness.fake.on('SELECT n FROM big', {
      kind: 'result',
      rowType: [fixed('N')],
      partitions: [
        [['1'], ['2']],
        [['3'], ['4']],
        [['5'], ['6']],
      ],
    });
    const result = await harness.call('run_query', { sql: 'SELECT n FROM big', max_rows: 3 });
    expect(result.structuredContent).toMatchObject({
      rows: [['1'], ['2'], ['3']],
      rowCount: 3,
      totalRows: 6,
      complete: false,
      continueAt: { partition: 1, rowOffset: 1 },
    });
    expect(harness.fake.upstream.requests.filter((r) => r.method === 'GET').map((g) => g.query.partition)).toEqual(['1']);
    expect(textOf(result)).toContain('get_statement partition 1, skipping 1 rows');
  });

  it('hands a large result over in blocks that reassemble to every row', async () => {
    harness = await startHarness({ env: { MCP_LARGE_RESULT_BYTES: '4096', MCP_BLOCK_BYTES: '2048' } });
    const rows = Array.from({ length: 300 }, (_, i) => [String(i), `name-${i}`]);
    harness.fake.on('SELECT id, name FROM people', { kind: 'result', rowType: [fixed('ID'), text('NAME')], partitions: [rows.slice(0, 150), rows.slice(150)] });
    const result = await harness.call('run_query', { sql: 'SELECT id, name FROM people' });
    const envelope = result.structuredContent as { truncated: boolean; resource: { uri: string; blockCount: number } };
    expect(envelope.truncated).toBe(true);
    let json = '';
    for (let i = 0; i < envelope.resource.blockCount; i += 1) {
      const block = await harness.client.readResource({ uri: `${envelope.resource.uri}/${i}` });
      json += (block.contents[0] as { text: string }).text;
    }
    expect(JSON.parse(json)).toMatchObject({ rows, totalRows: 300, partitions: { total: 2, fetched: 2 } });
  });

  it('maps a 422 SQL error to its code, SQLSTATE and a fix', async () => {
    harness = await startHarness();
    harness.fake.on('SELECT nope FROM t', {
      kind: 'fail',
      status: 422,
      body: {
        code: '000904',
        sqlState: '42000',
        message: "SQL compilation error: error line 1 at position 7\ninvalid identifier 'NOPE'",
        statementHandle: '01b2c3d4-0000-4a5b-0000-000000000999',
        createdOn: 1,
      },
    });
    const result = await harness.call('run_query', { sql: 'SELECT nope FROM t' });
    expect(result.isError).toBe(true);
    expect(errorText(result)).toMatch(/rejected the statement \(code 000904, SQLSTATE 42000\): SQL compilation error.*invalid identifier 'NOPE'.*Fix the SQL/s);
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'invalid_input', details: { sqlState: '42000' } });
  });

  it('maps a missing object to not_found and a privilege error to forbidden', async () => {
    harness = await startHarness();
    const missing = await harness.call('run_query', { sql: 'SELECT * FROM ghost' });
    expect(missing._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'not_found' });
    expect(errorText(missing)).toContain('list_objects');
    harness.fake.on('SELECT * FROM secret', {
      kind: 'fail',
      status: 422,
      body: {
        code: '003001',
        sqlState: '42501',
        message: 'SQL access control error: Insufficient privileges to operate on table SECRET',
        statementHandle: 'x',
      },
    });
    const denied = await harness.call('run_query', { sql: 'SELECT * FROM secret' });
    expect(denied._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'forbidden' });
  });

  it('reports a statement Snowflake cancelled at its timeout (408)', async () => {
    harness = await startHarness();
    harness.fake.on('SELECT heavy()', {
      kind: 'fail',
      status: 408,
      body: {
        code: '000630',
        sqlState: '57014',
        message: 'Statement reached its statement or warehouse timeout of 5 second(s) and was canceled.',
        statementHandle: 'x',
      },
    });
    const result = await harness.call('run_query', { sql: 'SELECT heavy()', timeout_s: 5 });
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'timeout' });
    expect(errorText(result)).toMatch(/timed out.*Raise timeout_s/s);
    expect(JSON.parse(postsTo(harness)[0]?.body ?? '{}').timeout).toBe(5);
  });

  it('retries a 429 after its Retry-After with the same requestId, then succeeds', async () => {
    let throttled = 0;
    harness = await startHarness({
      fake: {
        routes: (app) =>
          app.post('/api/v2/statements', async (c, next) => {
            if (throttled++ === 0) return c.json({ code: '390400', message: 'Too many requests' }, 429, { 'retry-after': '1' });
            await next();
          }),
      },
    });
    harness.fake.on('SELECT 1', { kind: 'result', rowType: [fixed('1')], partitions: [[['1']]] });
    const result = await harness.call('run_query', { sql: 'SELECT 1' });
    expect(result.structuredContent).toMatchObject({ status: 'succeeded' });
    const posts = postsTo(harness);
    expect(posts).toHaveLength(2);
    expect(posts[1]?.query.requestId).toBe(posts[0]?.query.requestId);
  });

  it('a 429 asking to wait longer than the retry cap is reported with its wait', async () => {
    harness = await startHarness({
      fake: { routes: (app) => app.post('/api/v2/statements', (c) => c.json({ message: 'Too many requests' }, 429, { 'retry-after': '120' })) },
    });
    const result = await harness.call('run_query', { sql: 'SELECT 1' });
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 120 });
  });

  it('retries 503s, then reports the upstream error', async () => {
    harness = await startHarness({ fake: { routes: (app) => app.post('/api/v2/statements', (c) => c.json({ message: 'Service Unavailable' }, 503)) } });
    const result = await harness.call('run_query', { sql: 'SELECT 1' });
    expect(result.isError).toBe(true);
    expect(errorText(result)).toMatch(/503/);
    expect(postsTo(harness)).toHaveLength(4);
  });

  it('reports a malformed body instead of crashing', async () => {
    harness = await startHarness({
      fake: { routes: (app) => app.post('/api/v2/statements', (c) => c.body('<html>proxy error</html>', 200, { 'content-type': 'text/html' })) },
    });
    const result = await harness.call('run_query', { sql: 'SELECT 1' });
    expect(result.isError).toBe(true);
    expect(errorText(result)).toMatch(/malformed/);
  });

  it('reports a result set of the wrong shape as malformed', async () => {
    harness = await startHarness({ fake: { routes: (app) => app.post('/api/v2/statements', (c) => c.json({ statementHandle: 'x', data: 'not rows' })) } });
    const result = await harness.call('run_query', { sql: 'SELECT 1' });
    expect(errorText(result)).toMatch(/malformed result set/);
  });
});
