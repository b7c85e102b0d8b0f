import { isTransport, TRANSPORTS } from './json-shapes.js';

/**
 * The legacy `mcp_config.json` shape (servers with ports), as older fleets wrote it:
 *
 * ```json
 * { "servers": [
 *   { "name": "jira", "port": 8101, "host": "10.0.0.5", "path": "/mcp", "transport": "http" },
 *   { "name": "files", "transport": "stdio", "command": "python3", "args": ["-m", "files_mcp"] }
 * ] }
 * ```
 *
 * - `name` (required); `transport`: stdio | http | streamable-http | sse (default http, or stdio with `command`).
 * - http/sse: `url`, or `port` (+ `host`, default 127.0.0.1; `path`, default /mcp, /sse for sse).
 * - stdio: `command`, `args`, `env`, `cwd`.
 * - Any other field (description, enabled, headers, weight, timeoutMs, …) is kept as is.
 * The port is kept in the record's `port` extra.
 */
export type LegacyConversion = { ok: true; entry: Record<string, unknown> } | { ok: false; problems: string[] };

export function legacyServerToConfig(server: Record<string, unknown>): LegacyConversion {
  const { name: _name, host, path, transport, port, ...rest } = server;
  const problems: string[] = [];
  if (transport !== undefined && !isTransport(transport)) {
    problems.push(`unknown transport "${String(transport)}" (expected one of ${TRANSPORTS.join(', ')})`);
  }
  if (port !== undefined && (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535)) {
    problems.push(`port must be an integer from 1 to 65535 (got ${JSON.stringify(port)})`);
  }
  if (host !== undefined && (typeof host !== 'string' || !host)) problems.push('host must be a non-empty string');
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) problems.push('path must start with "/"');
  const stdio = transport === 'stdio' || (transport === undefined && rest.command !== undefined);
  if (!stdio && rest.command !== undefined) problems.push(`transport "${String(transport)}" needs a port or url, not "command"`);
  if (stdio && rest.command === undefined)
    problems.push(transport === 'stdio' ? 'transport "stdio" needs "command"' : 'has neither "command" nor "url" nor "port"');
  if (!stdio && rest.url === undefined && port === undefined) problems.push('has neither "command" nor "url" nor "port"');
  if (problems.length) return { ok: false, problems };
  if (stdio) return { ok: true, entry: { ...rest, ...(port !== undefined ? { port } : {}) } };
  const type = transport ?? 'http';
  const url =
    rest.url ??
    `http://${formatHost((host as string | undefined) ?? '127.0.0.1')}:${port}${(path as string | undefined) ?? (type === 'sse' ? '/sse' : '/mcp')}`;
  return { ok: true, entry: { ...rest, type, url, ...(port !== undefined ? { port } : {}) } };
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
