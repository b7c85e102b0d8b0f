/**
 * Target (h): the gateway in front of (a)'s service. This script starts the
 * runtime bench service (servers/runtime.mjs, same settings as (a)) as a child
 * on a free port, registers it without a namespace (so the tool is still
 * `echo` and the captured request needs no change), and runs the gateway
 * in-process on PORT with everything on (auth, audit log on SQLite, metrics,
 * logs, tracing). The figure to read is h/a: what one gateway hop costs.
 *
 * BENCH_MANY_BACKENDS=N (the `tools/list` measurement): instead, the backends
 * are the N servers of servers/many-backends.mjs (one child process, one path
 * each), registered as b00…b<N-1> with their default namespace (tool names
 * `b00_list_issues`, …), as a fleet's services are.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGateway } from '../../packages/gateway/dist/server.js';
import { backendName } from '../lib/many.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const many = Number(process.env.BENCH_MANY_BACKENDS ?? 0);
const backend = spawn(process.execPath, [join(here, many > 0 ? 'many-backends.mjs' : 'runtime.mjs')], {
  env: { ...process.env, PORT: String(port), ...(many > 0 && { BENCH_BACKENDS: String(many) }) },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stop = () => backend.kill('SIGTERM');
process.on('exit', stop);
for (;;) {
  const ok = await fetch(`http://127.0.0.1:${port}${many > 0 ? '/ready' : '/health/live'}`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  await new Promise((r) => setTimeout(r, 50));
}
const dir = mkdtempSync(join(tmpdir(), 'bench-gw-'));
const key = process.env.MCP_API_KEYS?.split(',')[0] ?? '';
const servers =
  many > 0
    ? Object.fromEntries(Array.from({ length: many }, (_, i) => [backendName(i), { type: 'http', url: `http://127.0.0.1:${port}/${backendName(i)}/mcp` }]))
    : { bench: { type: 'http', url: `http://127.0.0.1:${port}/mcp`, namespace: '', headers: { authorization: `Bearer ${key}` } } };
writeFileSync(join(dir, '.mcp.json'), JSON.stringify({ mcpServers: servers }));
const gateway = createGateway({ ...process.env, MCP_CONFIG: join(dir, '.mcp.json'), GATEWAY_SQLITE_PATH: join(dir, 'gw.sqlite'), GATEWAY_WATCH: 'false' });
process.on('SIGTERM', () => {
  stop();
});
await gateway.main();
