import { gzipSync } from 'node:zlib';
import type { KeyObject } from 'node:crypto';
import { type FakeUpstream, startFakeUpstream } from '@mcp/testing';
import { type JWTPayload, jwtVerify } from 'jose';

/**
 * A fake Snowflake SQL API v2 on 127.0.0.1 serving the documented shapes
 * (ResultSet with resultSetMetaData/partitionInfo/rowType and jsonv2 string
 * rows, QueryStatus 202 with code 333334, QueryFailureStatus 422), verifying
 * the key-pair JWT of every request against the test's public key.
 */
export type Row = Array<string | null>;
export interface RowTypeEntry {
  name: string;
  type: string;
  nullable?: boolean;
  precision?: number | null;
  scale?: number | null;
  length?: number | null;
}

export type Behaviour =
  | { kind: 'result'; rowType: RowTypeEntry[]; partitions: Row[][]; polls?: number; stats?: Record<string, number> }
  | { kind: 'fail'; status: number; body: unknown; headers?: Record<string, string> };

interface Statement {
  handle: string;
  behaviour: Behaviour;
  pollsLeft: number;
  cancelled: boolean;
}

export interface FakeSnowflake {
  upstream: FakeUpstream;
  /** What POST /api/v2/statements answers for a statement (exact text, or a predicate). */
  on(match: string | ((sql: string) => boolean), behaviour: Behaviour): void;
  /** Claims of every verified JWT, in order. */
  jwtClaims: JWTPayload[];
  /** Bodies of every submission. */
  submissions: Array<Record<string, unknown>>;
  statements: Map<string, Statement>;
  close(): Promise<void>;
}

export interface FakeOptions {
  /** Verify a KEYPAIR_JWT against this key; otherwise expect `token`. */
  publicKey?: KeyObject;
  token?: string;
  routes?: (app: FakeUpstream['app']) => void;
}

let counter = 0;
const newHandle = () => `01b2c3d4-0000-4a5b-0000-${String(++counter).padStart(12, '0')}`;

function resultSet(handle: string, b: Extract<Behaviour, { kind: 'result' }>) {
  const numRows = b.partitions.reduce((n, p) => n + p.length, 0);
  return {
    resultSetMetaData: {
      numRows,
      format: 'jsonv2',
      partitionInfo: b.partitions.map((p, i) => ({
        rowCount: p.length,
        uncompressedSize: 100 * p.length + 10,
        ...(i > 0 && { compressedSize: 10 * p.length + 5 }),
      })),
      rowType: b.rowType.map((c) => ({
        database: '',
        schema: '',
        table: '',
        byteLength: null,
        collation: null,
        length: null,
        precision: null,
        scale: null,
        nullable: true,
        ...c,
      })),
    },
    data: b.partitions[0] ?? [],
    code: '090001',
    statementStatusUrl: `/api/v2/statements/${handle}?requestId=${crypto.randomUUID()}`,
    requestId: crypto.randomUUID(),
    sqlState: '00000',
    statementHandle: handle,
    message: 'Statement executed successfully.',
    createdOn: 1_700_000_000_000,
    ...(b.stats && { stats: b.stats }),
  };
}

const running = (handle: string) => ({
  code: '333334',
  message: 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
  statementHandle: handle,
  statementStatusUrl: `/api/v2/statements/${handle}`,
});

export async function startSnowflake(options: FakeOptions = {}): Promise<FakeSnowflake> {
  const rules: Array<{ match: (sql: string) => boolean; behaviour: Behaviour }> = [];
  const statements = new Map<string, Statement>();
  const jwtClaims: JWTPayload[] = [];
  const submissions: Array<Record<string, unknown>> = [];

  const upstream = await startFakeUpstream((app) => {
    app.use('/api/*', async (c, next) => {
      const auth = c.req.header('authorization') ?? '';
      const type = c.req.header('x-snowflake-authorization-token-type');
      const token = auth.replace(/^Bearer /, '');
      try {
        if (options.publicKey) {
          if (type !== 'KEYPAIR_JWT') throw new Error('token type');
          const { payload } = await jwtVerify(token, options.publicKey, { algorithms: ['RS256'] });
          jwtClaims.push(payload);
        } else if (token !== options.token) throw new Error('token');
      } catch {
        return c.json({ code: '390144', message: 'JWT token is invalid. [a0b1c2d3-0000-0000-0000-000000000000]' }, 401);
      }
      await next();
    });
    options.routes?.(app);
    app.post('/api/v2/statements', async (c) => {
      const body = (await c.req.json()) as Record<string, unknown>;
      submissions.push(body);
      const sql = String(body.statement);
      const rule = rules.find((r) => r.match(sql));
      if (!rule) {
        return c.json(
          {
            code: '002003',
            sqlState: '02000',
            message: `SQL compilation error:\nObject does not exist, or operation cannot be performed.`,
            statementHandle: newHandle(),
          },
          422,
        );
      }
      const { behaviour } = rule;
      if (behaviour.kind === 'fail') return c.json(behaviour.body as object, behaviour.status as 400, behaviour.headers);
      const handle = newHandle();
      const st: Statement = { handle, behaviour, pollsLeft: behaviour.polls ?? 0, cancelled: false };
      statements.set(handle, st);
      if (st.pollsLeft > 0 || c.req.query('async') === 'true') return c.json(running(handle), 202);
      return c.json(resultSet(handle, behaviour));
    });
    app.get('/api/v2/statements/:handle', (c) => {
      const st = statements.get(c.req.param('handle'));
      if (st?.behaviour.kind !== 'result') return c.json({ code: '000709', message: `Statement ${c.req.param('handle')} not found` }, 404);
      if (st.cancelled) return c.json({ code: '000604', sqlState: '57014', message: 'SQL execution canceled', statementHandle: st.handle }, 422);
      if (st.pollsLeft > 0) {
        st.pollsLeft -= 1;
        return c.json(running(st.handle), 202);
      }
      const partition = Number(c.req.query('partition') ?? 0);
      if (partition === 0) return c.json(resultSet(st.handle, st.behaviour));
      const data = st.behaviour.partitions[partition];
      if (!data) return c.json({ code: '000709', message: 'partition out of range' }, 404);
      // Later partitions come gzip-compressed, as Snowflake serves them.
      return c.body(gzipSync(JSON.stringify({ data })), 200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    });
    app.post('/api/v2/statements/:handle/cancel', (c) => {
      const st = statements.get(c.req.param('handle'));
      if (!st) return c.json({ code: '000709', message: 'Statement not found', statementHandle: c.req.param('handle') }, 422);
      st.cancelled = true;
      return c.json({
        code: '000000',
        sqlState: '00000',
        message: 'successfully canceled',
        statementHandle: st.handle,
        statementStatusUrl: `/api/v2/statements/${st.handle}`,
      });
    });
  });

  return {
    upstream,
    on: (match, behaviour) => rules.unshift({ match: typeof match === 'string' ? (sql) => sql === match : match, behaviour }),
    jwtClaims,
    submissions,
    statements,
    close: () => upstream.close(),
  };
}

/** A text column (Snowflake reports types in lower case on the wire). */
export const text = (name: string): RowTypeEntry => ({ name, type: 'text', length: 16_777_216 });
export const fixed = (name: string): RowTypeEntry => ({ name, type: 'fixed', precision: 38, scale: 0, nullable: false });
