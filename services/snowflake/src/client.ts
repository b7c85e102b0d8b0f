import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { type HealthCheckOptions, InvalidInputError, type RuntimeKit, type UpstreamClient } from '@mcp/runtime';
import type * as z from 'zod';
import { createAuth } from './auth.js';
import { accountUrl, missingConfig, type SnowflakeEnv } from './env.js';
import { malformed, statementError } from './errors.js';
import { type QueryStatus, queryStatusSchema, type ResultSet, resultSetSchema, STILL_RUNNING_CODE } from './models.js';

/** Stands in while neither SNOWFLAKE_ACCOUNT nor SNOWFLAKE_BASE_URL is set: never called, the runtime answers "not configured" first. */
const UNCONFIGURED_BASE_URL = 'http://unconfigured.invalid';
const STATEMENTS = '/api/v2/statements';
const USER_AGENT = 'mcp-fleet-snowflake/0.1.0';
/** The cheapest statement proving the credentials: metadata only, no warehouse needed. */
export const HEALTH_STATEMENT = 'SELECT CURRENT_ACCOUNT(), CURRENT_USER(), CURRENT_ROLE(), CURRENT_WAREHOUSE()';

export interface StatementContext {
  database?: string | undefined;
  schema?: string | undefined;
  warehouse?: string | undefined;
  role?: string | undefined;
}

export type Bindings = Record<string, { type: string; value: string | null }>;

export interface SubmitOptions extends StatementContext {
  statement: string;
  bindings?: Bindings | undefined;
  /** Server-side timeout in seconds: Snowflake cancels the statement after it. */
  timeoutS: number;
  /** Return at once with the handle instead of waiting up to 45 s for the result. */
  async?: boolean;
  signal?: AbortSignal;
  /** Override the runtime's retries (the health probe uses 0). */
  retries?: number;
}

/** Where a statement is: done (with partition 0, or the partition asked for), still running, or failed. */
export type StatementState =
  | { state: 'succeeded'; result: ResultSet }
  | { state: 'running'; status: QueryStatus }
  | { state: 'failed'; status: QueryStatus; httpStatus: number };

const OUTCOME_STATUSES = [200, 202, 408, 422] as const;

/** Statement handles are query ids (UUID-like); anything else never reaches a URL path. */
export function checkHandle(handle: string): string {
  if (!/^[A-Za-z0-9-]{8,64}$/.test(handle)) {
    throw new InvalidInputError(`"${handle}" is not a Snowflake statement handle.`, {
      hint: 'Pass the statementHandle a previous call returned (e.g. 01b2c3d4-0000-1234-0000-000123456789).',
    });
  }
  return handle;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw malformed(what, parsed.error);
  return parsed.data;
}

/** Body bytes → JSON; partitions may come gzip-compressed (Content-Encoding: gzip, or the gzip magic bytes). */
export function decodeBody(body: Buffer, headers: Record<string, string>): unknown {
  let bytes = body;
  if (/gzip/i.test(headers['content-encoding'] ?? '') || (body[0] === 0x1f && body[1] === 0x8b)) {
    try {
      bytes = gunzipSync(body);
    } catch (error) {
      throw malformed('compressed partition', error);
    }
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformed('response', error);
  }
}

function toState(httpStatus: number, data: unknown): StatementState {
  if (httpStatus === 200) return { state: 'succeeded', result: parseWith(resultSetSchema, data, 'result set') };
  const status = parseWith(queryStatusSchema, data ?? {}, 'statement status');
  if (httpStatus === 202 || status.code === STILL_RUNNING_CODE) return { state: 'running', status };
  return { state: 'failed', status, httpStatus };
}

/**
 * The Snowflake SQL API v2 client: the runtime's pooled, retried,
 * circuit-broken HTTP client, with Snowflake's auth headers minted per attempt.
 * Submissions carry a requestId with retry=true, which makes them idempotent
 * (Snowflake never runs the same requestId twice), so the runtime may retry them.
 */
export function createSnowflakeClient(kit: RuntimeKit<SnowflakeEnv>) {
  const { env } = kit;
  const auth = createAuth(env);
  const baseUrl = env.SNOWFLAKE_BASE_URL ?? (env.SNOWFLAKE_ACCOUNT ? accountUrl(env.SNOWFLAKE_ACCOUNT) : UNCONFIGURED_BASE_URL);
  const http: UpstreamClient = kit.upstream({
    name: 'snowflake',
    baseUrl,
    timeoutMs: env.SNOWFLAKE_TIMEOUT_MS,
    headers: async () => ({ ...(await auth.headers()), 'user-agent': USER_AGENT }),
    describeAuthError: auth.describe,
  });

  const context = (options: StatementContext) => ({
    database: options.database ?? env.SNOWFLAKE_DATABASE,
    schema: options.schema ?? env.SNOWFLAKE_SCHEMA,
    warehouse: options.warehouse ?? env.SNOWFLAKE_WAREHOUSE,
    role: options.role ?? env.SNOWFLAKE_ROLE,
  });

  async function submit(options: SubmitOptions): Promise<StatementState> {
    const body = {
      statement: options.statement,
      timeout: options.timeoutS,
      ...context(options),
      ...(options.bindings && Object.keys(options.bindings).length > 0 && { bindings: options.bindings }),
    };
    const res = await http.request<unknown>({
      method: 'POST',
      path: STATEMENTS,
      query: { requestId: randomUUID(), retry: true, ...(options.async && { async: true }) },
      body,
      idempotent: true,
      okStatuses: OUTCOME_STATUSES,
      signal: options.signal,
      ...(options.retries !== undefined && { retries: options.retries }),
    });
    return toState(res.status, res.data);
  }

  /** GET the statement's status, or one partition of its result (partition 0 also carries the metadata). */
  async function status(handle: string, options: { partition?: number; statusUrl?: string; signal?: AbortSignal } = {}): Promise<StatementState> {
    const own = `${STATEMENTS}/${encodeURIComponent(checkHandle(handle))}`;
    // Poll the statementStatusUrl Snowflake returned when it is a path on this API; build it otherwise.
    const usable = options.statusUrl?.startsWith(`${STATEMENTS}/`) && options.partition === undefined;
    const res = await http.request<Buffer>({
      method: 'GET',
      path: usable ? (options.statusUrl as string) : own,
      query: options.partition === undefined ? undefined : { partition: options.partition },
      headers: { 'accept-encoding': 'gzip' },
      parse: 'buffer',
      okStatuses: OUTCOME_STATUSES,
      signal: options.signal,
    });
    return toState(res.status, decodeBody(res.data, res.headers));
  }

  /** Polls with backoff (250 ms, ×1.5, at most 5 s apart) until the statement is done or `waitMs` has passed. */
  async function waitFor(first: StatementState, waitMs: number, signal?: AbortSignal): Promise<StatementState> {
    let current = first;
    const deadline = Date.now() + waitMs;
    let delay = 250;
    while (current.state === 'running') {
      const handle = current.status.statementHandle;
      if (!handle) throw malformed('statement status (no statementHandle)');
      const left = deadline - Date.now();
      if (left <= 0) return current;
      await sleep(Math.min(delay, left), undefined, signal ? { signal } : undefined);
      delay = Math.min(delay * 1.5, 5_000);
      current = await status(handle, { statusUrl: current.status.statementStatusUrl, signal });
    }
    return current;
  }

  async function cancel(handle: string, signal?: AbortSignal): Promise<QueryStatus> {
    const res = await http.request<unknown>({
      method: 'POST',
      path: `${STATEMENTS}/${encodeURIComponent(checkHandle(handle))}/cancel`,
      query: { requestId: randomUUID() },
      idempotent: true,
      okStatuses: [200, 422],
      signal,
    });
    const parsed = parseWith(queryStatusSchema, res.data ?? {}, 'cancel status');
    if (res.status === 422) throw statementError(parsed, 422);
    return parsed;
  }

  return { http, env, auth, submit, status, waitFor, cancel };
}

export type SnowflakeClient = ReturnType<typeof createSnowflakeClient>;

/** The result of a finished statement, or the error it failed with. */
export function succeeded(state: StatementState): ResultSet | undefined {
  if (state.state === 'failed') throw statementError(state.status, state.httpStatus);
  return state.state === 'succeeded' ? state.result : undefined;
}

/** Who the credentials are: `USER in ACCOUNT (role R, warehouse W)`, from the health statement. */
export async function whoami(client: SnowflakeClient, signal?: AbortSignal): Promise<{ identity: string; role?: string; warehouse?: string }> {
  const state = await client.waitFor(await client.submit({ statement: HEALTH_STATEMENT, timeoutS: 10, signal, retries: 0 }), 10_000, signal);
  const result = succeeded(state);
  const [account, user, role, warehouse] = result?.data?.[0] ?? [];
  const identity = `${user ?? 'unknown user'} in ${account ?? 'unknown account'}`;
  return { identity, ...(role && { role }), ...(warehouse && { warehouse }) };
}

/** The /health component proving the credentials work: cached, never retried. */
export function upstreamProbe(client: SnowflakeClient): HealthCheckOptions {
  return {
    cacheMs: 30_000,
    timeoutMs: 10_000,
    check: async () => {
      const missing = missingConfig(client.env);
      if (missing.length > 0) return { status: 'degraded', message: `not probed: ${missing.join(', ')} not set` };
      let identity: string | undefined;
      const probe = await client.http.healthCheck(
        async (_http, signal) => {
          identity = (await whoami(client, signal)).identity;
        },
        { timeoutMs: 10_000 },
      );
      return {
        status: probe.status,
        latencyMs: probe.latencyMs,
        metadata: { ...probe.metadata, ...(identity && { identity }) },
        ...(probe.metadata.error && { message: probe.metadata.error }),
      };
    },
  };
}
