import {
  ForbiddenError,
  type HealthCheckOptions,
  type RuntimeKit,
  ToolError,
  UnauthorizedError,
  UpstreamError,
  type UpstreamClient,
  type UpstreamRequest,
} from '@mcp/runtime';
import type * as z from 'zod';
import { apiKeyOf, missingConfig, type PortkeyAdminEnv } from './env.js';
import { configListPayload } from './models.js';

/** The header Portkey reads the API key from (Portkey-AI/openapi: securitySchemes.Portkey-Key). */
export const API_KEY_HEADER = 'x-portkey-api-key';

export interface CallOptions<S extends z.ZodType> {
  schema: S;
  signal?: AbortSignal;
  /** The API key scope this call needs, named when Portkey answers 403. */
  scope: string;
  /** Override retries (health probes use 0). */
  retries?: number;
}

type Query = NonNullable<UpstreamRequest['query']>;

export interface PortkeyAdminClient {
  http: UpstreamClient;
  env: PortkeyAdminEnv;
  get<S extends z.ZodType>(path: string, query: Query, options: CallOptions<S>): Promise<z.infer<S>>;
  put<S extends z.ZodType>(path: string, body: Record<string, unknown>, options: CallOptions<S>): Promise<z.infer<S>>;
  /** The workspace argument, or PORTKEY_ADMIN_WORKSPACE_ID. */
  workspace(value: string | undefined): string | undefined;
}

/** `{ success: false, data: { message } }`, `{ error: { message } }` or `{ message }`: the error shapes Portkey answers with. */
function failureMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { success?: unknown; data?: { message?: unknown }; error?: { message?: unknown } | string; message?: unknown };
  if (b.success !== false) return undefined;
  const message = b.data?.message ?? (typeof b.error === 'string' ? b.error : b.error?.message) ?? b.message;
  return typeof message === 'string' ? message : 'success: false';
}

/**
 * The Portkey Admin API client: the runtime's HTTP client (pool, retries of
 * idempotent calls, breaker, metrics, tracing) with `x-portkey-api-key`. The
 * `portkey-ai` SDK targets the gateway and covers the admin resources only in
 * part, so the control-plane endpoints are called as Portkey-AI/openapi documents them.
 */
export function createPortkeyAdminClient(kit: RuntimeKit<PortkeyAdminEnv>): PortkeyAdminClient {
  const { env } = kit;
  const credential = apiKeyOf(env);
  const variable = credential?.variable ?? 'PORTKEY_ADMIN_API_KEY';
  const http = kit.upstream({
    name: 'portkey-admin',
    baseUrl: env.PORTKEY_ADMIN_BASE_URL,
    timeoutMs: env.PORTKEY_ADMIN_TIMEOUT_MS,
    headers: credential ? { [API_KEY_HEADER]: credential.key } : {},
    describeAuthError: (status) =>
      status === 401 ? `Check ${variable}: the key is missing, wrong, expired or revoked.` : `The key in ${variable} lacks a scope this call needs.`,
  });

  /** The runtime's 401/403 errors, re-worded with the variable and the scope. */
  function reword(error: unknown, scope: string): unknown {
    if (!(error instanceof ToolError)) return error;
    const said = typeof error.details?.body === 'string' ? ` Portkey said: ${error.details.body}` : '';
    if (error.code === 'unauthorized') {
      return new UnauthorizedError(`Portkey rejected the API key in ${variable} (401).${said}`, {
        details: error.details,
        hint: `Set ${variable} to a valid Portkey API key (Admin API key for organisation-wide tools, or a workspace API key).`,
      });
    }
    if (error.code === 'forbidden') {
      return new ForbiddenError(
        `Portkey refused the call (403): the key in ${variable} lacks the scope "${scope}", or is a workspace key calling an organisation-level endpoint.${said}`,
        {
          details: { ...error.details, scope },
          hint: `Grant "${scope}" to the key (Portkey: API Keys → scopes), or use an Admin API key for /admin/* and audit logs.`,
        },
      );
    }
    return error;
  }

  function parse<S extends z.ZodType>(what: string, body: unknown, schema: S): z.infer<S> {
    const failed = failureMessage(body);
    if (failed !== undefined) throw new UpstreamError(`Portkey answered ${what} with success: false: ${failed}`, { details: { upstream: 'portkey-admin' } });
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UpstreamError(
        `Portkey returned an unexpected response to ${what}: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}.`,
        {
          details: { upstream: 'portkey-admin' },
          hint: 'Check that PORTKEY_ADMIN_BASE_URL points at the control-plane API root (https://api.portkey.ai/v1).',
        },
      );
    }
    return parsed.data;
  }

  return {
    http,
    env,
    async get(path, query, options) {
      try {
        const res = await http.request<unknown>({
          method: 'GET',
          path,
          query,
          signal: options.signal,
          ...(options.retries === undefined ? {} : { retries: options.retries }),
        });
        return parse(`GET ${path}`, res.data, options.schema);
      } catch (error) {
        throw reword(error, options.scope);
      }
    },
    async put(path, body, options) {
      try {
        // Each accepted PUT creates a config version, and it changes live routing: never retried automatically.
        const res = await http.request<unknown>({ method: 'PUT', path, body, signal: options.signal, idempotent: false });
        return parse(`PUT ${path}`, res.data, options.schema);
      } catch (error) {
        throw reword(error, options.scope);
      }
    },
    workspace: (value) => value ?? env.PORTKEY_ADMIN_WORKSPACE_ID,
  };
}

/** The /health component proving the key and its configs.list scope: GET /configs, cached, never retried. */
export function upstreamProbe(client: PortkeyAdminClient): HealthCheckOptions {
  return {
    cacheMs: 30_000,
    timeoutMs: 5_000,
    check: async () => {
      const missing = missingConfig(client.env);
      if (missing.length > 0) return { status: 'degraded', message: `not probed: ${missing.join(', ')} not set` };
      const probe = await client.http.healthCheck((_http, signal) =>
        client.get('/configs', { workspace_id: client.workspace(undefined) }, { schema: configListPayload, signal, scope: 'configs.list', retries: 0 }),
      );
      return { status: probe.status, latencyMs: probe.latencyMs, metadata: probe.metadata, ...(probe.metadata.error && { message: probe.metadata.error }) };
    },
  };
}
