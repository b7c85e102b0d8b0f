import { type HealthCheckOptions, InvalidInputError, type RuntimeKit, UpstreamError } from '@mcp/runtime';
import { type EdgelakeEnv, missingConfig } from './env.js';
import { asText, clip, errorIn, isRecord, pick, tryJson } from './parse.js';

export interface CommandResult {
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

/**
 * The EdgeLake REST client: every call is a GET (read commands only) on the
 * node's single root path with the command in the `command` header, the
 * `User-Agent` EdgeLake requires, and `destination: network` for queries that
 * fan out to the operators. The runtime's HTTP client pools, retries (GETs are
 * idempotent), breaks the circuit and counts them.
 */
export function createEdgeLakeClient(kit: RuntimeKit<EdgelakeEnv>) {
  const { env } = kit;
  const auth =
    env.EDGELAKE_USERNAME && env.EDGELAKE_PASSWORD
      ? { authorization: `Basic ${Buffer.from(`${env.EDGELAKE_USERNAME}:${env.EDGELAKE_PASSWORD}`).toString('base64')}` }
      : undefined;
  const http = kit.upstream({
    name: 'edgelake',
    baseUrl: env.EDGELAKE_BASE_URL,
    timeoutMs: env.EDGELAKE_TIMEOUT_MS,
    ...(auth && { headers: auth }),
    describeAuthError: (status) =>
      status === 401
        ? 'The node’s REST server requires authentication: check EDGELAKE_USERNAME and EDGELAKE_PASSWORD.'
        : 'The node refused the command for these credentials (EDGELAKE_USERNAME).',
  });

  async function run(command: string, options: { network?: boolean; signal?: AbortSignal; retries?: number } = {}): Promise<CommandResult> {
    if (!/^[\x20-\x7e]+$/.test(command)) {
      throw new InvalidInputError('The EdgeLake command must be one line of printable ASCII (it travels in an HTTP header).');
    }
    const res = await http.request<string>({
      method: 'GET',
      path: '/',
      headers: { command, 'user-agent': env.EDGELAKE_USER_AGENT, ...(options.network && { destination: 'network' }) },
      parse: 'text',
      signal: options.signal,
      ...(options.retries !== undefined && { retries: options.retries }),
    });
    const text = res.data ?? '';
    const json = tryJson(text);
    const failure = errorIn(json, text);
    if (failure)
      throw new UpstreamError(`EdgeLake could not run "${clip(command, 200)}": ${failure}`, { status: res.status, details: { command: clip(command, 200) } });
    return { text, json };
  }

  return { env, http, run };
}

export type EdgeLakeClient = ReturnType<typeof createEdgeLakeClient>;

export interface NodeStatus {
  running: boolean;
  status: string;
  node?: string;
  address?: string;
}

/** `get status` → `{"Status": "<node>@<ip>:<port> running"}` (or the same sentence as text). */
export async function nodeStatus(client: EdgeLakeClient, signal?: AbortSignal, retries?: number): Promise<NodeStatus> {
  const { text, json } = await client.run('get status', { signal, ...(retries !== undefined && { retries }) });
  const raw = (isRecord(json) ? asText(pick(json, 'Status')) : undefined) ?? asText(text.replace(/^['"\s]+|['"\s]+$/g, '')) ?? '';
  const match = /([^\s'"@]+)@([^\s'"]+)\s+(not\s+running|running)/i.exec(raw);
  return {
    running: /\brunning\b/i.test(raw) && !/not\s+running/i.test(raw),
    status: raw,
    ...(match?.[1] && { node: match[1] }),
    ...(match?.[2] && { address: match[2] }),
  };
}

/** The /health component: `get status` proves the node answers (and accepts the credentials). */
export function upstreamProbe(client: EdgeLakeClient): HealthCheckOptions {
  return {
    cacheMs: 15_000,
    timeoutMs: 5_000,
    check: async () => {
      const missing = missingConfig(client.env);
      if (missing.length > 0) return { status: 'degraded', message: `not probed: ${missing.join(', ')} not set` };
      let status: NodeStatus | undefined;
      const probe = await client.http.healthCheck(async (_http, signal) => {
        status = await nodeStatus(client, signal, 0);
      });
      const running = status?.running ?? false;
      return {
        status: probe.status === 'healthy' && !running ? 'degraded' : probe.status,
        latencyMs: probe.latencyMs,
        metadata: { ...probe.metadata, ...(status && { node: status.node, nodeStatus: status.status }) },
        ...((probe.metadata.error || (status && !running)) && { message: probe.metadata.error ?? `node reports: ${status?.status}` }),
      };
    },
  };
}
