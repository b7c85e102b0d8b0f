/** Child processes for the targets: spawn, wait until they answer, measure, stop. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(BENCH_DIR, '..');

/** Servers still running: killed if this process exits or dies first, so no target outlives a crashed run. */
const live = new Set();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of live) child.kill('SIGKILL');
    process.exit(130);
  });
}

/** A free TCP port on loopback (asked from the kernel, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node bench/servers/<script>` on a free port. stdout goes to
 * /dev/null (the runtime's pino log lines), stderr is kept for diagnostics.
 */
export async function startServer(script, { env = {}, nodeArgs = [] } = {}) {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, join(BENCH_DIR, 'servers', script)], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  live.add(child);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const server = {
    script,
    port,
    child,
    pid: child.pid,
    startedAt,
    url: `http://127.0.0.1:${port}`,
    exited,
    get stderr() {
      return stderr;
    },
    rssMiB: () => procStatusMiB(child.pid, 'VmRSS'),
    /** CPU time (user + system, ms) of the target's whole process tree so far: the cost of a hop, whatever the machine's other load. */
    cpuMs: () => treeCpuMs(child.pid),
    peakRssMiB: () => procStatusMiB(child.pid, 'VmHWM'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
  };
  return server;
}

/** Polls GET `path` every `intervalMs` until it answers `status`; resolves with the ms since spawn. */
export async function waitForHttp(server, { path = '/', status, timeoutMs = 20_000, intervalMs = 5 } = {}) {
  const deadline = performance.now() + timeoutMs;
  let dead = false;
  server.exited.then(() => {
    dead = true;
  });
  while (performance.now() < deadline) {
    if (dead) throw new Error(`${server.script} exited before it was ready:\n${server.stderr}`);
    const got = await getStatus(`${server.url}${path}`);
    if (got !== undefined && (status === undefined || got === status)) return performance.now() - server.startedAt;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${server.script} was not ready within ${timeoutMs} ms:\n${server.stderr}`);
}

/** The status of GET url on a fresh connection, or undefined when nothing answers. */
function getStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

function procStatusMiB(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux

/** utime + stime of `pid` and its descendants (live ones), in ms. */
export function treeCpuMs(pid) {
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop();
    try {
      // Fields after the command (which may hold spaces): state is field 3, utime 14, stime 15.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        for (const c of readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) if (c) stack.push(Number(c));
      }
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** The soft limit on open files of this process (children inherit it). */
export function openFilesLimit() {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m?.[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m?.[1]);
  } catch {
    return undefined;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
