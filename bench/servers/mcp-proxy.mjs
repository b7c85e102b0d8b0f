/**
 * Target (i): `mcp-proxy` (npm, pinned in the root package.json) in front of
 * the same service as (a). mcp-proxy fronts stdio servers, so the service is
 * servers/runtime.mjs with `--stdio` (same tools, same settings: MCP_API_KEYS
 * and LOG_LEVEL from the harness; in stdio mode its log lines go to stderr).
 * mcp-proxy serves its streamable HTTP endpoint on PORT at /mcp
 * (`--server stream`), speaks 2026-07-28 to the spawned service
 * (`--upstreamProtocol auto`, its README's setting for a 2026-07-28 server) and
 * checks an API key (`--apiKey`, sent by the harness as X-API-Key), so it is
 * compared with auth on, like (a) and (h).
 *
 * stderr of mcp-proxy and the service goes to /dev/null, as (a)'s log lines
 * do (BENCH_PROXY_STDERR=inherit shows it). SIGTERM stops mcp-proxy, which
 * closes the service.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve('mcp-proxy/package.json')), 'dist', 'bin', 'mcp-proxy.mjs');
const key = process.env.MCP_API_KEYS?.split(',')[0];
const args = [
  bin,
  '--host',
  process.env.HOST ?? '127.0.0.1',
  '--port',
  String(process.env.PORT ?? 8080),
  '--server',
  'stream',
  '--upstreamProtocol',
  'auto',
  ...(key ? ['--apiKey', key] : []),
  '--',
  process.execPath,
  join(here, 'runtime.mjs'),
  '--stdio',
];
const stderr = process.env.BENCH_PROXY_STDERR === 'inherit' ? 'inherit' : openSync('/dev/null', 'w');
const proxy = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', stderr] });
const stop = () => {
  if (proxy.exitCode === null && proxy.signalCode === null) proxy.kill('SIGTERM');
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
proxy.once('exit', (code, signal) => process.exit(code ?? (signal === 'SIGTERM' ? 0 : 1)));
