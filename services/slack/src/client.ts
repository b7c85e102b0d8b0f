import { type HealthCheckOptions, NotConfiguredError, type RuntimeKit, UpstreamError, type UpstreamClient } from '@mcp/runtime';
import * as z from 'zod';
import { missingConfig, type SlackEnv } from './env.js';
import { rewordHttpError, slackError, type TokenVar } from './errors.js';
import { authTestPayload } from './models.js';

/**
 * The Slack client: the runtime's HTTP client (undici pool, retries, breaker)
 * against the documented Web API methods. The official `@slack/web-api` is
 * built on axios, which cannot run on the runtime's pool (README: "Why not
 * @slack/web-api").
 */

type Param = string | number | boolean | undefined | readonly string[] | Record<string, unknown> | readonly Record<string, unknown>[];

export interface CallOptions<S extends z.ZodType> {
  /** The method's success payload; `ok`/`error` are checked before it. */
  schema: S;
  signal?: AbortSignal;
  /** Writes go as a JSON body and are never retried; reads go as form fields and are retried on 429/5xx. */
  write?: boolean;
  /** Which token: the bot token (default) or the user token (search). */
  token?: 'bot' | 'user';
  /** Override the retries of reads (health probes use 0). */
  retries?: number;
}

export interface CallResult<T> {
  data: T;
  /** `response_metadata.next_cursor`, absent when empty (the last page). */
  nextCursor: string | undefined;
  /** Scopes the token has (`x-oauth-scopes` response header). */
  scopes: string[] | undefined;
  warnings: string[];
}

export interface SlackClient {
  http: UpstreamClient;
  env: SlackEnv;
  call<S extends z.ZodType>(method: string, params: Record<string, Param>, options: CallOptions<S>): Promise<CallResult<z.infer<S>>>;
  /** A channel argument, or SLACK_DEFAULT_CHANNEL, or an error naming both. */
  channel(value: string | undefined): string;
}

const envelope = z.looseObject({
  ok: z.boolean(),
  error: z.string().optional(),
  needed: z.string().optional(),
  provided: z.string().optional(),
  warning: z.string().optional(),
  response_metadata: z.looseObject({ next_cursor: z.string().optional(), warnings: z.array(z.string()).optional() }).optional(),
});

/** Slack's form encoding: booleans as true/false, lists comma-separated, objects as JSON. */
function formBody(params: Record<string, Param>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) form.set(key, value.every((v) => typeof v === 'string') ? value.join(',') : JSON.stringify(value));
    else if (typeof value === 'object') form.set(key, JSON.stringify(value));
    else form.set(key, String(value));
  }
  return form;
}

function withoutUndefined(params: Record<string, Param>): Record<string, Param> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

export function createSlackClient(kit: RuntimeKit<SlackEnv>): SlackClient {
  const { env } = kit;
  const http = kit.upstream({
    name: 'slack',
    baseUrl: env.SLACK_BASE_URL,
    timeoutMs: env.SLACK_TIMEOUT_MS,
    headers: env.SLACK_BOT_TOKEN ? { authorization: `Bearer ${env.SLACK_BOT_TOKEN}` } : {},
    describeAuthError: (status) =>
      status === 401 ? 'Check SLACK_BOT_TOKEN: the value is missing, wrong, revoked or expired.' : 'The token lacks a scope this method needs.',
  });

  async function call<S extends z.ZodType>(method: string, params: Record<string, Param>, options: CallOptions<S>): Promise<CallResult<z.infer<S>>> {
    const tokenVar: TokenVar = options.token === 'user' ? 'SLACK_USER_TOKEN' : 'SLACK_BOT_TOKEN';
    const headers: Record<string, string> = {};
    if (options.token === 'user') {
      if (!env.SLACK_USER_TOKEN) {
        throw new NotConfiguredError(`${method} needs a user token: set SLACK_USER_TOKEN (xoxp-…) with the search:read scope. Bot tokens cannot search.`);
      }
      headers.authorization = `Bearer ${env.SLACK_USER_TOKEN}`;
    }
    if (options.write) headers['content-type'] = 'application/json; charset=utf-8';
    let res: Awaited<ReturnType<typeof http.request<unknown>>>;
    try {
      res = await http.request<unknown>({
        method: 'POST',
        path: `/${method}`,
        headers,
        body: options.write ? JSON.stringify(withoutUndefined(params)) : formBody(params),
        // Reads have no side effect, so 429s and 5xx are retried; a write might have happened.
        idempotent: !options.write,
        signal: options.signal,
        ...(options.retries === undefined ? {} : { retries: options.retries }),
      });
    } catch (error) {
      throw rewordHttpError(error, method, tokenVar);
    }
    const head = envelope.safeParse(res.data);
    if (!head.success) {
      throw new UpstreamError(`Slack returned an unexpected response to ${method}: not a Web API envelope ({ ok, … }).`, {
        details: { upstream: 'slack', method },
        hint: 'Check that SLACK_BASE_URL points at the Web API root (https://slack.com/api).',
      });
    }
    if (!head.data.ok) {
      const retryAfter = Number(res.headers['retry-after']);
      throw slackError(method, { ...head.data, error: head.data.error ?? 'unknown_error' }, tokenVar, Number.isFinite(retryAfter) ? retryAfter : undefined);
    }
    const body = options.schema.safeParse(res.data);
    if (!body.success) {
      const issue = body.error.issues[0];
      throw new UpstreamError(`Slack returned an unexpected ${method} payload: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}.`, {
        details: { upstream: 'slack', method },
      });
    }
    const scopes = res.headers['x-oauth-scopes'];
    const warnings = [...(head.data.warning ? head.data.warning.split(',') : []), ...(head.data.response_metadata?.warnings ?? [])];
    return {
      data: body.data,
      nextCursor: head.data.response_metadata?.next_cursor || undefined,
      scopes: scopes === undefined ? undefined : scopes.split(/\s*,\s*/).filter(Boolean),
      warnings: [...new Set(warnings)],
    };
  }

  function channel(value: string | undefined): string {
    const resolved = value ?? env.SLACK_DEFAULT_CHANNEL;
    if (!resolved) throw new NotConfiguredError('No channel: pass channel (an ID such as C0123ABCD; list_channels finds it) or set SLACK_DEFAULT_CHANNEL.');
    return resolved;
  }

  return { http, env, call, channel };
}

/** The /health component proving the bot token works: auth.test, cached, never retried. */
export function upstreamProbe(client: SlackClient): HealthCheckOptions {
  return {
    cacheMs: 30_000,
    timeoutMs: 5_000,
    check: async () => {
      const missing = missingConfig(client.env);
      if (missing.length > 0) return { status: 'degraded', message: `not probed: ${missing.join(', ')} not set` };
      let team: string | undefined;
      const probe = await client.http.healthCheck(async (_http, signal) => {
        const res = await client.call('auth.test', {}, { schema: authTestPayload, signal, retries: 0 });
        team = res.data.team;
      });
      return {
        status: probe.status,
        latencyMs: probe.latencyMs,
        metadata: { ...probe.metadata, ...(team && { team }) },
        ...(probe.metadata.error && { message: probe.metadata.error }),
      };
    },
  };
}
