import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NODE } from '../fake-node.js';
import { errorCode, type Harness, startHarness, textOf } from '../harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
const last = () => h.node.commands.at(-1);

describe('health_check and node_status', () => {
  it('health_check sends get status with the AnyLog User-Agent and names the node', async () => {
    const result = await h.call('health_check');
    expect(result.structuredContent).toMatchObject({ ok: true, identity: 'edgelake-query', address: '127.0.0.1:32348', status: `${NODE} running` });
    expect(last()).toEqual({ command: 'get status', userAgent: 'AnyLog/1.23' });
  });

  it('node_status adds the node’s processes', async () => {
    const result = await h.call('node_status');
    expect(result.structuredContent).toMatchObject({ running: true, node: 'edgelake-query' });
    expect((result.structuredContent as { processes: unknown[] }).processes).toContainEqual({
      name: 'Blockchain Sync',
      status: 'Running',
      details: 'Sync every 30 seconds with master using: 10.0.0.10:32048',
    });
    expect(last()?.command).toBe('get processes where format = json');
  });
});

describe('schema tools', () => {
  it('list_databases reads get databases in JSON', async () => {
    const result = await h.call('list_databases');
    expect(result.structuredContent).toEqual({
      databases: [
        { name: 'system_query', type: 'sqlite', address: 'Local', storage: 'MEMORY' },
        { name: 'almgm', type: 'psql', address: '127.0.0.1:5432', storage: 'Persistent' },
      ],
    });
  });

  it('list_tables reads the network’s table policies, optionally for one database', async () => {
    const all = await h.call('list_tables');
    expect(all.structuredContent).toEqual({
      scope: 'network',
      tables: [
        { dbms: 'litsanleandro', table: 'ping_sensor', blockchain: true },
        { dbms: 'new_company', table: 'rand_data', blockchain: true },
      ],
    });
    expect(last()?.command).toBe('blockchain get table');
    await h.call('list_tables', { dbms: 'New_Company' });
    expect(last()?.command).toBe('blockchain get table where dbms = "new_company"');
  });

  it('list_tables scope node reads the node’s text table, carrying the database down its group', async () => {
    const result = await h.call('list_tables', { scope: 'node' });
    expect(result.structuredContent).toEqual({
      scope: 'node',
      tables: [
        { dbms: 'litsanleandro', table: 'ping_sensor', local: false, blockchain: true },
        { dbms: 'new_company', table: 'rand_data', local: true, blockchain: true },
        { dbms: 'new_company', table: 'heartbeat', local: true, blockchain: false },
      ],
    });
    expect(last()?.command).toBe('get tables where dbms = * and format = json');
  });

  it('describe_table lists columns and flags EdgeLake’s own', async () => {
    const result = await h.call('describe_table', { table: 'rand_data' });
    const columns = (result.structuredContent as { columns: Array<{ name: string; type: string; system: boolean }> }).columns;
    expect(columns).toContainEqual({ name: 'value', type: 'decimal', system: false });
    expect(columns).toContainEqual({ name: 'row_id', type: 'integer', system: true });
    expect(last()?.command).toBe('get columns where dbms = new_company and table = rand_data and format = json');
  });

  it('describe_table of an unknown table is not_found', async () => {
    const result = await h.call('describe_table', { dbms: 'new_company', table: 'nope' });
    expect(errorCode(result)).toBe('not_found');
  });

  it('refuses names that would change the command', async () => {
    const before = h.node.commands.length;
    for (const args of [{ table: 'x and dbms = y' }, { table: 'rand_data', dbms: 'a"b' }]) {
      const result = await h.call('describe_table', args);
      expect(result.isError).toBe(true);
    }
    expect(h.node.commands.length).toBe(before);
  });
});

describe('query', () => {
  it('runs a SELECT across the network, one line, with LIMIT max_rows + 1 added', async () => {
    const result = await h.call('query', { sql: 'select timestamp, value\n  from rand_data -- newest first\n  where value > 3;', max_rows: 5 });
    expect(last()).toMatchObject({
      command: 'sql new_company format = json and stat = false "select timestamp, value from rand_data where value > 3 LIMIT 6"',
      destination: 'network',
    });
    expect(result.structuredContent).toMatchObject({
      dbms: 'new_company',
      rowCount: 5,
      complete: false,
      limitAdded: 6,
      columns: ['timestamp', 'value', 'device'],
    });
    expect(textOf(result)).toContain('more exist');
  });

  it('keeps the caller’s LIMIT and returns statistics on request; scope node drops the network destination', async () => {
    const result = await h.call('query', { sql: 'SELECT * FROM rand_data LIMIT 2', stats: true, scope: 'node' });
    expect(result.structuredContent).toMatchObject({ rowCount: 2, complete: true, statistics: [{ Count: 2, Time: '00:00:00', Nodes: 2 }] });
    expect(result.structuredContent).not.toHaveProperty('limitAdded');
    expect(last()?.destination).toBeUndefined();
    expect(last()?.command).toContain('and stat = true');
  });

  it('refuses writes, several statements and double quotes without calling the node', async () => {
    const before = h.node.commands.length;
    const cases: Array<[string, RegExp]> = [
      ['DELETE FROM rand_data', /DELETE is not a SELECT/],
      ['SELECT 1; DROP TABLE rand_data', /more than one statement/],
      ['SELECT * FROM rand_data WHERE device = "d1"', /double-quoted identifiers/],
      ["SELECT * FROM rand_data WHERE device = 'a\"b'", /double quote/],
      ['SELECT pg_sleep(100)', /pg_sleep\(\) has side effects/],
    ];
    for (const [sql, message] of cases) {
      const result = await h.call('query', { sql });
      expect(result.isError, sql).toBe(true);
      expect(textOf(result), sql).toMatch(message);
    }
    expect(h.node.commands.length).toBe(before);
  });

  it('reports a SQL failure the node returns inside a 200', async () => {
    const result = await h.call('query', { sql: 'SELECT * FROM missing_table' });
    expect(errorCode(result)).toBe('upstream_error');
    expect(textOf(result)).toContain("Table 'missing_table' not declared");
  });

  it('without dbms and without EDGELAKE_DEFAULT_DBMS it says what to pass', async () => {
    const bare = await startHarness({ env: { EDGELAKE_DEFAULT_DBMS: undefined } });
    try {
      const result = await bare.call('query', { sql: 'SELECT 1' });
      expect(textOf(result)).toMatch(/EDGELAKE_DEFAULT_DBMS is not set.*Pass dbms/);
    } finally {
      await bare.close();
    }
  });
});

describe('data_nodes and list_policies', () => {
  it('data_nodes parses the node’s text table', async () => {
    const result = await h.call('data_nodes', { dbms: 'litsanleandro', table: 'ping_sensor' });
    expect(last()?.command).toBe('get data nodes where dbms = litsanleandro and table = ping_sensor');
    const nodes = (result.structuredContent as { nodes: Array<Record<string, string>> }).nodes;
    expect(nodes).toHaveLength(2);
    expect(nodes[1]).toMatchObject({ Company: 'Lit San Leandro', 'Node Name': 'operator-2', 'External IP/Port': '10.0.0.12:32148', 'Node Status': 'down' });
  });

  it('list_policies filters with quoted values and bounds the answer', async () => {
    const result = await h.call('list_policies', { type: 'operator', where: { company: 'Lit San Leandro' }, limit: 2 });
    expect(last()?.command).toBe('blockchain get operator where company = "Lit San Leandro"');
    expect(result.structuredContent).toMatchObject({ type: 'operator', omitted: 1 });
    expect((result.structuredContent as { policies: unknown[] }).policies[0]).toMatchObject({ operator: { name: 'operator-1', ip: '10.0.0.10' } });
  });

  it('list_policies refuses values and keys that would change the command', async () => {
    for (const where of [{ company: 'x" and name = "y' }, { 'name = x or': 'y' }]) {
      expect((await h.call('list_policies', { type: 'operator', where })).isError).toBe(true);
    }
  });
});

describe('errors', () => {
  let other: Harness | undefined;
  afterEach(async () => {
    await other?.close();
    other = undefined;
  });

  it('401 from a node with basic auth names the variables', async () => {
    other = await startHarness({ node: { basicAuth: 'ops:secret' }, env: { EDGELAKE_USERNAME: 'ops', EDGELAKE_PASSWORD: 'wrong' } });
    const result = await other.call('list_databases');
    expect(errorCode(result)).toBe('unauthorized');
    expect(textOf(result)).toContain('EDGELAKE_USERNAME and EDGELAKE_PASSWORD');
  });

  it('sends basic auth when configured', async () => {
    other = await startHarness({ node: { basicAuth: 'ops:secret' }, env: { EDGELAKE_USERNAME: 'ops', EDGELAKE_PASSWORD: 'secret' } });
    expect((await other.call('list_databases')).isError).toBeFalsy();
  });

  it('a command the node rejects (400) is invalid_input with the node’s text', async () => {
    other = await startHarness({ node: { routes: (app) => app.get('/', (c) => c.text("Failed to process command: 'get databases'", 400)) } });
    const result = await other.call('list_databases');
    expect(errorCode(result)).toBe('invalid_input');
    expect(textOf(result)).toContain('Failed to process command');
  });

  it('a wrong base path (404) is not_found', async () => {
    other = await startHarness();
    const { createEdgelakeService } = await import('../../src/server.js');
    const service = createEdgelakeService({
      LOG_LEVEL: 'silent',
      EDGELAKE_BASE_URL: `${other.node.upstream.url}/nope`,
      EDGELAKE_DEFAULT_DBMS: 'x',
    });
    const { connectInProcess } = await import('@mcp/testing');
    const client = await connectInProcess(service);
    try {
      const result = await client.callTool({ name: 'list_databases', arguments: {} });
      expect(errorCode(result as never)).toBe('not_found');
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it('429 with Retry-After is retried, then succeeds', async () => {
    let calls = 0;
    other = await startHarness({
      node: {
        routes: (app) =>
          app.get('/', async (c, next) => {
            if (calls++ === 0) return c.text('Too Many Requests', 429, { 'retry-after': '1' });
            await next();
          }),
      },
    });
    expect((await other.call('list_databases')).isError).toBeFalsy();
    expect(calls).toBe(2);
  });

  it('5xx is retried, then reported', async () => {
    other = await startHarness({ node: { routes: (app) => app.get('/', (c) => c.text('Internal Server Error', 500)) } });
    const result = await other.call('list_databases');
    expect(errorCode(result)).toBe('upstream_error');
    expect(textOf(result)).toMatch(/500/);
  });

  it('a malformed query answer is reported, not passed on', async () => {
    other = await startHarness({ node: { routes: (app) => app.get('/', (c) => c.body('{"Query": [{"a": 1}', 200, { 'content-type': 'application/json' })) } });
    const result = await other.call('query', { sql: 'SELECT a FROM t' });
    expect(errorCode(result)).toBe('upstream_error');
    expect(textOf(result)).toMatch(/text instead of JSON/);
  });

  it('hands a large query result over in blocks', async () => {
    other = await startHarness({ env: { MCP_LARGE_RESULT_BYTES: '2048' } });
    other.node.tables.rand_data = Array.from({ length: 500 }, (_, i) => ({ timestamp: `t${i}`, value: i }));
    const result = await other.call('query', { sql: 'SELECT * FROM rand_data' });
    expect(result.structuredContent).toMatchObject({ truncated: true, resource: { uri: expect.stringMatching(/^mcp-blocks:\/\//) } });
  });
});
