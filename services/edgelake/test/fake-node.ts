import { type FakeUpstream, startFakeUpstream } from '@mcp/testing';

/**
 * A fake EdgeLake query node on 127.0.0.1: one root path, the command in the
 * `command` header, `User-Agent: AnyLog/1.23` required, `destination: network`
 * for network queries. Answers with the shapes EdgeLake emits: `{"Status": …}`,
 * JSON for `format = json`, policies as `[{"table": {…}}]`, query results as
 * `{"Query": […], "Statistics": […]}`, and the fixed-width text tables of the
 * commands without a JSON form.
 */
export const NODE = 'edgelake-query@127.0.0.1:32348';

export interface FakeNode {
  upstream: FakeUpstream;
  /** Every command received, with its destination header. */
  commands: Array<{ command: string; destination?: string; userAgent?: string }>;
  /** Rows served for `select … from <table>` (per table). */
  tables: Record<string, Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

const TABLES_TEXT = `Database     |Table name  |Local DBMS|Blockchain|
-------------|------------|----------|----------|
litsanleandro|ping_sensor |          |     V    |
new_company  |rand_data   |    V     |     V    |
             |heartbeat   |    V     |          |
`;

const DATA_NODES_TEXT = `Company         DBMS          Table       Cluster ID                       Cluster Status Node Name  Member ID External IP/Port   Local IP/Port      Main Node Status
--------------- ------------- ----------- -------------------------------- -------------- ---------- --------- ------------------ ------------------ ---- -----------
Lit San Leandro litsanleandro ping_sensor 2436e8ad7a4b0e2b1d0a6ee2ed5fd2f1 active         operator-1       187 10.0.0.11:32148    10.0.0.11:32148    V    active
Lit San Leandro litsanleandro ping_sensor 5e4ff7fa3e2b4ee89fca0b4c2ad2b8a3 active         operator-2        93 10.0.0.12:32148    10.0.0.12:32148    V    down
`;

const policy = (type: string, body: Record<string, unknown>): Record<string, Record<string, unknown>> => ({
  [type]: { ...body, id: `id-${String(body.name)}`, date: '2024-05-01T10:00:00.000000Z', ledger: 'global' },
});

export async function startNode(options: { routes?: (app: FakeUpstream['app']) => void; basicAuth?: string } = {}): Promise<FakeNode> {
  const commands: FakeNode['commands'] = [];
  const tables: FakeNode['tables'] = {
    rand_data: Array.from({ length: 30 }, (_, i) => ({
      timestamp: `2024-05-01 10:${String(i).padStart(2, '0')}:00.000000`,
      value: i * 1.5,
      device: `d${i % 3}`,
    })),
  };
  const upstream = await startFakeUpstream((app) => {
    app.use('*', async (c, next) => {
      const command = c.req.header('command') ?? '';
      commands.push({ command, destination: c.req.header('destination'), userAgent: c.req.header('user-agent') });
      if (options.basicAuth && c.req.header('authorization') !== `Basic ${Buffer.from(options.basicAuth).toString('base64')}`)
        return c.text('Unauthorized', 401);
      if (c.req.header('user-agent') !== 'AnyLog/1.23') return c.text('Unrecognized User-Agent', 400);
      await next();
    });
    options.routes?.(app);
    app.get('/', (c) => {
      const command = c.req.header('command') ?? '';
      if (command === 'get status') return c.json({ Status: `${NODE} running` });
      if (command === 'get processes where format = json') {
        return c.json({
          TCP: { Status: 'Running', Details: 'Listening on: 127.0.0.1:32348, Threads Pool: 6' },
          REST: { Status: 'Running', Details: 'Listening on: 127.0.0.1:32349, Threads Pool: 6, Timeout: 20, SSL: False' },
          Operator: { Status: 'Not declared', Details: '' },
          'Blockchain Sync': { Status: 'Running', Details: 'Sync every 30 seconds with master using: 10.0.0.10:32048' },
        });
      }
      if (command === 'get databases where format = json') {
        return c.json({
          system_query: { dbms_type: 'sqlite', ip_port: 'Local                         ', storage: 'MEMORY' },
          almgm: { dbms_type: 'psql', ip_port: '127.0.0.1:5432                ', storage: 'Persistent' },
        });
      }
      if (command.startsWith('blockchain get table')) {
        const all = [
          policy('table', { name: 'ping_sensor', dbms: 'litsanleandro', create: 'CREATE TABLE IF NOT EXISTS ping_sensor(...)' }),
          policy('table', { name: 'rand_data', dbms: 'new_company', create: 'CREATE TABLE IF NOT EXISTS rand_data(...)' }),
        ];
        const dbms = /where dbms = "([a-z_]+)"/.exec(command)?.[1];
        return c.json(dbms ? all.filter((p) => p.table?.dbms === dbms) : all);
      }
      if (command.startsWith('blockchain get operator')) {
        const all = Array.from({ length: 3 }, (_, i) =>
          policy('operator', { name: `operator-${i + 1}`, company: 'Lit San Leandro', ip: `10.0.0.1${i}`, port: 32148 }),
        );
        return c.json(all);
      }
      if (command.startsWith('get tables where dbms = ')) return c.text(TABLES_TEXT);
      if (command === 'get columns where dbms = new_company and table = rand_data and format = json') {
        return c.json({
          row_id: 'integer',
          insert_timestamp: 'timestamp without time zone',
          tsd_name: 'char(3)',
          tsd_id: 'int',
          timestamp: 'timestamp without time zone',
          value: 'decimal',
          device: 'varchar',
        });
      }
      if (command.startsWith('get columns where')) return c.json({});
      if (command.startsWith('get data nodes')) return c.text(DATA_NODES_TEXT);
      const sql = /^sql ([a-z_]+) format = json and stat = (true|false) "(.*)"$/.exec(command);
      if (sql) {
        const [, , stat, statement = ''] = sql;
        const table = /from ([a-z_]+)/i.exec(statement)?.[1] ?? '';
        const rows = tables[table];
        if (!rows) return c.json({ 'SQL Failure': `Table '${table}' not declared in dbms` });
        const limit = Number(/limit (\d+)/i.exec(statement)?.[1] ?? rows.length);
        const picked = rows.slice(0, limit);
        return c.json({ Query: picked, ...(stat === 'true' && { Statistics: [{ Count: picked.length, Time: '00:00:00', Nodes: 2 }] }) });
      }
      return c.text(`Failed to process command: '${command}'`, 400);
    });
  });
  return { upstream, commands, tables, close: () => upstream.close() };
}
