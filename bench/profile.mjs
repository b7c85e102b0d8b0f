#!/usr/bin/env node
/**
 * CPU profile of a target under load: starts it with `node --cpu-prof`, warms
 * it up, drives tools/call for the given time, stops it (SIGTERM: the runtime
 * exits cleanly and V8 writes the profile), and prints where the time went:
 * self time by function and by package.
 *
 *   node bench/profile.mjs [runtime|sdk-v2-stock|sdk-v1-stock|bare-hono|sdk-v2-pooled|fast-path-sketch|gateway] [--seconds 10] [--connections 100] [--top 30] [--env NAME=value …]
 *   node bench/profile.mjs --summarize path/to/file.cpuprofile
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { load } from './lib/load.mjs';
import { BENCH_DIR, ROOT, sleep, startServer, waitForHttp } from './lib/proc.mjs';
import { API_KEY, captureV1, captureV2, checkTemplate } from './lib/requests.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '10' },
    top: { type: 'string', default: '30' },
    connections: { type: 'string', default: '100' },
    summarize: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
  },
});
const top = Number(values.top);

if (values.summarize) {
  summarize(values.summarize, top);
} else {
  const target = positionals[0] ?? 'runtime';
  const dir = join(BENCH_DIR, '.tmp', 'profiles', `${target}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const extraEnv = Object.fromEntries(values.env.map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  const env = ['runtime', 'fast-path-sketch', 'gateway'].includes(target) ? { MCP_API_KEYS: API_KEY, LOG_LEVEL: 'info', ...extraEnv } : extraEnv;
  const server = await startServer(`${target}.mjs`, { env, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  await waitForHttp(server, ['runtime', 'gateway'].includes(target) ? { path: '/health/ready', status: 200 } : {});
  const url = `${server.url}/mcp`;
  const template =
    target === 'sdk-v1-stock' ? await captureV1(url) : ['bare-hono', 'fast-path-sketch'].includes(target) ? await captureFromStockV2() : await captureV2(url);
  await checkTemplate(url, template);
  const connections = Number(values.connections);
  await load(url, template, { seconds: 2, connections });
  const r = await load(url, template, { seconds: Number(values.seconds), connections });
  console.log(`${target}: ${Math.round(r.rps)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`);
  await sleep(200);
  await server.stop();
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) {
    console.error(`no profile written in ${dir}`);
    process.exit(1);
  }
  summarize(join(dir, file), top);
}

/** The bare app speaks no MCP: take the SDK v2 client's request from a stock v2 server. */
async function captureFromStockV2() {
  const stock = await startServer('sdk-v2-stock.mjs');
  try {
    await waitForHttp(stock);
    return await captureV2(`${stock.url}/mcp`);
  } finally {
    await stock.stop();
  }
}

function summarize(file, limit) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fns = new Map();
  const pkgs = new Map();
  for (const [id, us] of selfUs) {
    const { callFrame: f } = byId.get(id);
    const where = shortUrl(f.url);
    const key = `${f.functionName || '(anonymous)'}  ${where}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const pkg = packageOf(f.url, f.functionName);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  console.log(`\nprofile ${relative(ROOT, file)}: ${(total / 1e6).toFixed(1)} s sampled\n\nself time by package:`);
  for (const [k, us] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${pct(us)}  ${k}`);
  console.log('\nself time by function:');
  for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, limit)) console.log(`  ${pct(us)}  ${k}`);
}

function shortUrl(url) {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  return path.startsWith(ROOT) ? relative(ROOT, path) : path;
}

function packageOf(url, name) {
  if (!url) return name === '(garbage collector)' || name === '(program)' || name === '(idle)' ? name : '(native/builtin)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const rel = relative(ROOT, path);
  const m = /^(packages\/[^/]+\/dist\/[^/]+)/.exec(rel);
  return m ? m[1] : rel;
}
