#!/usr/bin/env node
/**
 * `pnpm bench`: the issue's performance measurements in one run.
 *
 * Throughput: `tools/call` of the same trivial `echo` tool at 100 concurrent
 * connections for a fixed time after a warm-up, each target in its own child
 * process, autocannon in this one:
 *   (a) runtime   a service on @mcp/runtime, everything on (auth, metrics, info logs, tracing), 2026-07-28 requests
 *   (b) v2 stock  the SDK v2's createMcpHandler, a new McpServer per request, on Hono
 *   (c) v1 stock  the SDK v1 Streamable HTTP example, one session
 *   (d) bare      a bare Hono app answering a fixed JSON-RPC result (floor of the HTTP stack)
 *   (e) diagnostic: createMcpHandler with pooled servers and no middleware (what the SDK exchange costs)
 *   (f) diagnostic: a sketch of a direct 2026-07-28 tools/call path with (a)'s middleware work (what bypassing it would give)
 *   (g) as (a), plus OpenTelemetry span export (OTEL_EXPORTER_OTLP_ENDPOINT) to a local sink in this process
 *   (h) the gateway in front of (a)'s service (issue 5)
 *   (i) mcp-proxy (npm) in front of the same service over stdio (issue 5)
 * (a), (h) and (i) are also driven over 1 connection (the latency a hop adds
 * without queueing). Then, on (a): idle RSS, cold start to ready, 1,000
 * concurrent clients, and 50 MB through blocks vs inline; with (h): tools/list
 * across 38 backends from a warm gateway.
 *
 *   node bench/run.mjs [--quick] [--seconds 10] [--rounds 2] [--warmup 3] [--only a,b,c,d,e,f,g,h,i] [--skip-cold] [--skip-large] [--skip-1000] [--skip-tools-list] [--no-build]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectClient, fetchInline, fetchViaBlocks, verify } from './lib/large.mjs';
import { combineRounds, load } from './lib/load.mjs';
import { BENCH_DIR, median, openFilesLimit, ROOT, sleep, startServer, waitForHttp } from './lib/proc.mjs';
import { MANY_BACKENDS, expectedTools } from './lib/many.mjs';
import { API_KEY, captureV1, captureV2, checkTemplate } from './lib/requests.mjs';
import { measureToolsList } from './lib/tools-list.mjs';
import { startOtlpSink } from './lib/otlp-sink.mjs';
import { formatReport } from './lib/report.mjs';

const { values: opts } = parseArgs({
  // `pnpm bench -- --quick` passes the `--` through.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '100' },
    only: { type: 'string' },
    'skip-cold': { type: 'boolean', default: false },
    'skip-large': { type: 'boolean', default: false },
    'skip-1000': { type: 'boolean', default: false },
    'skip-tools-list': { type: 'boolean', default: false },
    'latency-seconds': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'large-mb': { type: 'string', default: '50' },
  },
});
const quick = opts.quick;
const config = {
  seconds: Number(opts.seconds ?? (quick ? 2 : 10)),
  warmup: Number(opts.warmup ?? (quick ? 2 : 3)),
  rounds: Math.max(1, Number(opts.rounds ?? (quick ? 1 : 2))),
  connections: Number(opts.connections),
  manyConnections: 1000,
  manySeconds: quick ? 2 : 5,
  coldRuns: quick ? 3 : 5,
  largeBytes: Math.round(Number(opts['large-mb']) * 1024 * 1024),
  largeReps: quick ? 1 : 3,
  // Per round, on the same process after the 100-connection load: 1 connection, 1 s warm-up.
  latencySeconds: Number(opts['latency-seconds'] ?? (quick ? 2 : 3)),
  toolsListCalls: quick ? 100 : 200,
};
const only = new Set((opts.only ?? 'a,b,c,d,e,f,g,h,i').split(','));
const log = (...a) => console.error('[bench]', ...a);

/** The runtime target's settings: every middleware on. Logs go to stdout, which the harness sends to /dev/null. */
const RUNTIME_ENV = { MCP_API_KEYS: API_KEY, LOG_LEVEL: 'info' };

const TARGETS = {
  a: {
    label: '(a) runtime, all middleware, 2026-07-28',
    script: 'runtime.mjs',
    env: RUNTIME_ENV,
    ready: { path: '/health/ready', status: 200 },
    protocol: 'v2',
    lowLatency: true,
  },
  b: { label: '(b) SDK v2 stock createMcpHandler (server per request)', script: 'sdk-v2-stock.mjs', protocol: 'v2' },
  c: { label: '(c) SDK v1 stock Streamable HTTP (one session)', script: 'sdk-v1-stock.mjs', protocol: 'v1' },
  d: { label: '(d) bare Hono, fixed JSON-RPC result', script: 'bare-hono.mjs', protocol: 'v2' },
  e: { label: '(e) diagnostic: SDK v2 createMcpHandler, pooled servers, no middleware', script: 'sdk-v2-pooled.mjs', protocol: 'v2' },
  f: {
    label: '(f) diagnostic: sketch of a direct 2026-07-28 tools/call path, same middleware work as (a), no SDK exchange',
    script: 'fast-path-sketch.mjs',
    env: RUNTIME_ENV,
    protocol: 'v2',
  },
  h: {
    label: "(h) the gateway in front of (a)'s service (auth, audit log, metrics, logs on both hops)",
    script: 'gateway.mjs',
    env: RUNTIME_ENV,
    ready: { path: '/health/ready', status: 200 },
    protocol: 'v2',
    lowLatency: true,
  },
  i: {
    label: "(i) mcp-proxy 6.7.19 (npm) in front of (a)'s service over stdio (API key on)",
    script: 'mcp-proxy.mjs',
    env: RUNTIME_ENV,
    ready: { path: '/ping', status: 200 },
    protocol: 'v2',
    // mcp-proxy's --apiKey is checked on X-API-Key; the service behind it is on stdio.
    extraHeaders: { 'x-api-key': API_KEY },
    lowLatency: true,
  },
  g: {
    label: '(g) as (a), plus OTLP span export to a local sink',
    script: 'runtime.mjs',
    env: RUNTIME_ENV,
    ready: { path: '/health/ready', status: 200 },
    protocol: 'v2',
    otlp: true,
  },
};

async function main() {
  if (!opts['no-build']) await build();
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
      node: process.version,
      loadavg: os.loadavg(),
    },
    config: { ...config, quick },
    targets: {},
  };

  // The SDK v2 client's request, captured once from the runtime (a) and sent unchanged to the other v2 targets.
  // Rounds alternate the order of the targets (forward, backward, …), so a burst of outside load spreads over them.
  const keys = ['a', 'd', 'b', 'c', 'e', 'f', 'g', 'h', 'i'].filter((k) => only.has(k));
  const perRound = config.seconds / config.rounds;
  const rounds = Object.fromEntries(keys.map((k) => [k, []]));
  const lowRounds = Object.fromEntries(keys.map((k) => [k, []]));
  let v2Template;
  for (let round = 0; round < config.rounds; round++) {
    const order = round % 2 === 0 ? keys : [...keys].reverse();
    for (const key of order) {
      const t = TARGETS[key];
      const first = round === 0;
      const last = round === config.rounds - 1;
      log(`${t.label}: round ${round + 1} of ${config.rounds}: starting`);
      const sink = t.otlp ? await startOtlpSink() : undefined;
      const server = await startServer(t.script, { env: { ...t.env, ...(sink && { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint }) } });
      results.targets[key] ??= { label: t.label };
      const entry = results.targets[key];
      try {
        await waitForHttp(server, t.ready ?? {});
        const url = `${server.url}/mcp`;
        if (key === 'a' && first) {
          await sleep(1000);
          entry.idleRssMiB = server.rssMiB();
        }
        let template;
        let cpuFrom;
        let cpuTo;
        if (t.protocol === 'v1') template = await captureV1(url);
        else {
          v2Template ??= key === 'a' ? await captureV2(url) : await captureV2FromRuntime();
          template = v2Template;
          if (key === 'b') await captureV2(url); // the stock server must also pass the SDK's own handshake
          if (t.extraHeaders) template = { ...template, headers: { ...template.headers, ...t.extraHeaders } };
        }
        entry.request = { headers: template.headers, body: template.body };
        entry.check = await checkTemplate(url, template);
        if (key === 'a') entry.check.withoutKey = await statusWithoutKey(url, template);
        log(`${t.label}: ${config.warmup} s warm-up, then ${perRound} s measured, ${config.connections} connections`);
        const measured = await load(url, template, {
          connections: config.connections,
          warmupS: config.warmup,
          seconds: perRound,
          onWindow: (phase) => {
            if (phase === 'start') cpuFrom = server.cpuMs();
            else cpuTo = server.cpuMs();
          },
        });
        // Server-side CPU per answered request in the measured window, all of the target's processes.
        if (cpuFrom !== undefined && cpuTo !== undefined && measured.requests > 0) measured.cpuMsPerRequest = (cpuTo - cpuFrom) / measured.requests;
        rounds[key].push(measured);
        entry.rssAfterMiB = server.rssMiB();
        log(`${t.label}: ${Math.round(measured.rps)} req/s, p50 ${measured.latency.p50} ms, p99 ${measured.latency.p99} ms`);
        if (t.lowLatency && config.latencySeconds > 0) {
          const low = await load(url, template, { connections: 1, warmupS: 1, seconds: config.latencySeconds / config.rounds });
          lowRounds[key].push(low);
          log(`${t.label}: 1 connection: ${Math.round(low.rps)} req/s, p50 ${low.latency.p50} ms, p99 ${low.latency.p99} ms`);
        }
        if (key === 'a' && first) {
          // The capture and the check each made one call; requests in flight when autocannon stopped were answered but not counted by it.
          entry.metrics = { ...(await toolCallMetrics(server.url)), autocannonResponses: measured.requestsWholeRun, setupCalls: 2 };
        }
        if (key === 'a' && last && !opts['skip-1000']) {
          const limit = openFilesLimit();
          if (limit !== undefined && limit < config.manyConnections + 256) {
            entry.many = { skipped: `the open-files limit is ${limit}; run \`ulimit -n 4096\` first` };
          } else {
            log(`${t.label}: ${config.manyConnections} concurrent connections for ${config.manySeconds} s`);
            entry.many = await load(url, template, { connections: config.manyConnections, seconds: config.manySeconds, timeoutS: 30 });
          }
          entry.peakRssMiB = server.peakRssMiB();
        }
      } finally {
        const exit = await server.stop();
        if (exit.code && exit.code !== 0) log(`${t.script} exited with ${exit.code}: ${server.stderr.slice(-2000)}`);
        if (sink) {
          entry.otlp = { batches: (entry.otlp?.batches ?? 0) + sink.stats.batches, bytes: (entry.otlp?.bytes ?? 0) + sink.stats.bytes };
          await sink.close();
        }
      }
    }
  }
  for (const key of keys) if (rounds[key].length > 0) results.targets[key].load = combineRounds(rounds[key]);
  for (const key of keys) if (lowRounds[key].length > 0) results.targets[key].lowLoad = combineRounds(lowRounds[key]);
  if (only.has('h') && !opts['skip-tools-list']) results.toolsList = await toolsListAcross(v2Template ?? (await captureV2FromRuntime()));

  if (only.has('a') && !opts['skip-cold']) results.coldStart = await coldStart();
  if (only.has('a') && !opts['skip-large']) results.large = await largeResults();

  results.machine.loadavgAfter = os.loadavg();
  const outDir = join(BENCH_DIR, '.tmp');
  mkdirSync(outDir, { recursive: true });
  const stamp = results.date.replace(/[:.]/g, '-');
  const report = formatReport(results);
  writeFileSync(join(outDir, `results-${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, `results-${stamp}.md`), report);
  console.log(report);
  log(`written to bench/.tmp/results-${stamp}.{json,md}`);
}

/** (d) and (e) need the SDK v2 client's request without a runtime running: start one briefly to capture it. */
async function captureV2FromRuntime() {
  const server = await startServer('runtime.mjs', { env: RUNTIME_ENV });
  try {
    await waitForHttp(server, { path: '/health/ready', status: 200 });
    return await captureV2(`${server.url}/mcp`);
  } finally {
    await server.stop();
  }
}

/** tools/list through a warm gateway federating MANY_BACKENDS backends (servers/many-backends.mjs in one process). */
async function toolsListAcross(template) {
  const server = await startServer('gateway.mjs', { env: { ...RUNTIME_ENV, BENCH_MANY_BACKENDS: String(MANY_BACKENDS) } });
  try {
    await waitForHttp(server, { path: '/health/ready', status: 200, timeoutMs: 60_000 });
    log(`tools/list across ${MANY_BACKENDS} backends: waiting for all of them, then ${config.toolsListCalls} sequential calls`);
    const out = await measureToolsList(`${server.url}/mcp`, template, { expected: expectedTools(MANY_BACKENDS), calls: config.toolsListCalls });
    out.backends = MANY_BACKENDS;
    out.gatewayRssMiB = server.rssMiB();
    log(`tools/list: ${out.tools} tools from ${MANY_BACKENDS} backends, p50 ${out.p50Ms} ms, p95 ${out.p95Ms} ms`);
    return out;
  } finally {
    await server.stop();
  }
}

/** Auth is really on in (a): the same request without the key must get 401. */
async function statusWithoutKey(url, template) {
  const { authorization: _, ...headers } = template.headers;
  const res = await fetch(url, { method: 'POST', headers, body: template.body.replace('"[<id>]"', '1') });
  await res.arrayBuffer();
  if (res.status !== 401) throw new Error(`(a) answered ${res.status} without the API key: auth is not on`);
  return res.status;
}

/** mcp_tool_calls_total for echo, from the runtime's /metrics: proof that every request ran the tool. */
async function toolCallMetrics(baseUrl) {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const calls = {};
  for (const line of text.split('\n')) {
    const m = /^mcp_tool_calls_total\{([^}]*)\}\s+(\d+)/.exec(line);
    if (!m?.[1].includes('tool="echo"')) continue;
    const outcome = /outcome="([^"]+)"/.exec(m[1])?.[1] ?? '?';
    calls[outcome] = (calls[outcome] ?? 0) + Number(m[2]);
  }
  return { echoCalls: calls };
}

/** Spawn → first 200 from /health/ready, `coldRuns` times. */
async function coldStart() {
  const runs = [];
  for (let i = 0; i < config.coldRuns; i++) {
    const server = await startServer('runtime.mjs', { env: RUNTIME_ENV });
    try {
      runs.push(await waitForHttp(server, { path: '/health/ready', status: 200, intervalMs: 2 }));
    } finally {
      await server.stop();
    }
  }
  log(`cold start to ready: ${runs.map((r) => Math.round(r)).join(', ')} ms`);
  return { runsMs: runs, medianMs: median(runs) };
}

/** 50 MB through blocks (read one after the other, as `_meta.next` leads, and 4 at a time) vs inline. */
async function largeResults() {
  const bytes = config.largeBytes;
  const blocksServer = await startServer('runtime.mjs', { env: RUNTIME_ENV });
  const inlineServer = await startServer('runtime.mjs', { env: { ...RUNTIME_ENV, MCP_LARGE_RESULT_BYTES: String(10 * bytes) } });
  try {
    await waitForHttp(blocksServer, { path: '/health/ready', status: 200 });
    await waitForHttp(inlineServer, { path: '/health/ready', status: 200 });
    const viaBlocks = await connectClient(`${blocksServer.url}/mcp`);
    const viaInline = await connectClient(`${inlineServer.url}/mcp`);
    // Warm both paths (JIT, tools/list cache) with a small result of each kind.
    await fetchViaBlocks(viaBlocks, 1024 * 1024);
    await fetchInline(viaInline, 1024 * 1024);
    const times = { blocks: [], blocksParallel: [], inline: [] };
    let info = {};
    for (let i = 0; i < config.largeReps; i++) {
      log(`50 MB: round ${i + 1} of ${config.largeReps}`);
      const b = await fetchViaBlocks(viaBlocks, bytes);
      verify(b.result, bytes, b.sha256);
      times.blocks.push(b.ms);
      info = { blockCount: b.blockCount, blocksWireBytes: b.wireBytes };
      const n = await fetchInline(viaInline, bytes);
      verify(n.result, bytes);
      times.inline.push(n.ms);
      info.inlineWireBytes = n.wireBytes;
      const p = await fetchViaBlocks(viaBlocks, bytes, { parallel: 4 });
      verify(p.result, bytes, p.sha256);
      times.blocksParallel.push(p.ms);
    }
    await viaBlocks.client.close();
    await viaInline.client.close();
    const out = {
      bytes,
      reps: config.largeReps,
      ...info,
      blocksMs: median(times.blocks),
      blocksParallelMs: median(times.blocksParallel),
      inlineMs: median(times.inline),
      times,
      blocksServerPeakRssMiB: blocksServer.peakRssMiB(),
      inlineServerPeakRssMiB: inlineServer.peakRssMiB(),
    };
    out.ratio = out.blocksMs / out.inlineMs;
    log(`50 MB: blocks ${Math.round(out.blocksMs)} ms, inline ${Math.round(out.inlineMs)} ms, ratio ${out.ratio.toFixed(2)}`);
    return out;
  } finally {
    await blocksServer.stop();
    await inlineServer.stop();
  }
}

function build() {
  return import('../scripts/lib/pnpm.mjs').then(({ ensureInstalled, runPnpm }) => {
    if (process.env.MCP_SKIP_INSTALL !== '1') ensureInstalled();
    // (h) and the tools/list measurement run the gateway's build too.
    const filters = ['--filter=@mcp/runtime', ...(only.has('h') ? ['--filter=@mcp/gateway'] : [])];
    if (runPnpm(['exec', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'], { cwd: ROOT, stdio: ['ignore', 2, 2] }) !== 0) {
      throw new Error('build failed');
    }
  });
}

await main();
process.exit(0);
