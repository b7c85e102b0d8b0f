#!/usr/bin/env node
/**
 * `pnpm start`: the whole fleet on this machine, on loopback, with embedded
 * defaults (SQLite, in-memory limits, no Docker). Installs and builds first,
 * then starts every runnable entry of .mcp.json on its port and prints the URLs.
 * Ctrl-C stops everything gracefully.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureInstalled, runPnpm, spawnPnpm } from './lib/pnpm.mjs';

ensureInstalled();
if (runPnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']) !== 0) process.exit(1);

const registry = JSON.parse(readFileSync(join(ROOT, process.env.MCP_CONFIG ?? '.mcp.json'), 'utf8'));
const entries = Object.entries(registry.mcpServers ?? {}).filter(([, s]) => s.package && s.enabled !== false);
const only = process.argv.slice(2);
const selected = only.length > 0 ? entries.filter(([name]) => only.includes(name)) : entries;
if (selected.length === 0 && !only.includes('gateway')) {
  console.error(`No runnable services${only.length ? ` named ${only.join(', ')}` : ''} in .mcp.json`);
  process.exit(1);
}

const children = [];
for (const [name, server] of selected) {
  const port = String(server.port ?? new URL(server.url).port);
  const child = spawnPnpm(['--filter', server.package, 'start'], {
    env: { ...process.env, PORT: port, HOST: process.env.HOST ?? '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  child.on('exit', (code) => {
    if (!stopping) console.error(`${name} exited with code ${code}`);
  });
  children.push(child);
}
console.error(`Starting ${selected.length} service(s): ${selected.map(([n, s]) => `${n} → ${s.url}`).join(', ')}`);

// The gateway (port 9000) serves all of them through one endpoint, following .mcp.json live.
if (only.length === 0 || only.includes('gateway')) {
  const gateway = spawnPnpm(['--filter', '@mcp/gateway', 'start'], {
    env: {
      ...process.env,
      PORT: process.env.GATEWAY_PORT ?? '9000',
      HOST: process.env.HOST ?? '127.0.0.1',
      MCP_CONFIG: join(ROOT, process.env.MCP_CONFIG ?? '.mcp.json'),
      // The example workflow templates (deployment.yaml): run_workflow & co. are listed from the start.
      GATEWAY_WORKFLOWS_DIR: process.env.GATEWAY_WORKFLOWS_DIR ?? join(ROOT, 'packages/gateway/workflows'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  gateway.on('exit', (code) => {
    if (!stopping) console.error(`gateway exited with code ${code}`);
  });
  children.push(gateway);
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  // Each child is npx → pnpm → sh → node in its own process group: signal the group, so
  // node itself gets SIGTERM and drains (a signal to npx alone is not passed down).
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
  setTimeout(() => process.exit(0), 12_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r))))).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
