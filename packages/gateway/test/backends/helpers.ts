import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createLogger, createService, defineTool, type DynamicTool, type Logger, type ToolSource } from '@mcp/runtime';
import * as z from 'zod';

const require = createRequire(import.meta.url);
/** The built example service (`node … [--stdio]`). */
export const EXAMPLE_ENTRY = require.resolve('@mcp/example/dist/server.js');

export const silentLogger: Logger = createLogger({ service: 'gateway-test', level: 'silent' });

export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, stepMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`waitFor timed out${last ? `: ${String(last)}` : ''}`);
}

/** Live children and zombies of a process, read from /proc (what `ps --ppid` shows). */
export function childrenOf(pid: number): { live: number[]; zombies: number[] } {
  const live: number[] = [];
  const zombies: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm may contain spaces and parentheses: fields resume after the last ')'.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== pid) continue;
      (state === 'Z' ? zombies : live).push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return { live, zombies };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The example service in-process over real HTTP on loopback. */
export async function startExample(port = 0, env: Record<string, string> = {}) {
  // Dynamic import: the dist module runs main() only when it is the entry point.
  const { createExampleService } = await import('@mcp/example/dist/server.js');
  const service = createExampleService({ LOG_LEVEL: 'silent', MCP_SHUTDOWN_DRAIN_MS: '300', ...env });
  const running = await service.start({ port, host: '127.0.0.1' });
  return { service, url: running.url, port: running.port, close: () => service.stop() };
}

export async function startFixture(port = 0) {
  const { createConformanceFixture } = await import('@mcp/conformance-fixture/dist/server.js');
  const service = createConformanceFixture({ LOG_LEVEL: 'silent', MCP_SHUTDOWN_DRAIN_MS: '300' });
  const running = await service.start({ port, host: '127.0.0.1' });
  return { service, url: running.url, port: running.port, close: () => service.stop() };
}

/** The example service as its own process (`node dist/server.js`), so it can really die. */
export function spawnExample(port = 0): Promise<{ child: ChildProcess; url: string; port: number; kill: () => Promise<void> }> {
  const child = spawn(process.execPath, [EXAMPLE_ENTRY], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
      const m = /ready at (http:\/\/\S+)/.exec(err);
      if (m?.[1]) {
        const url = m[1];
        const kill = () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          });
        resolve({ child, url, port: Number(new URL(url).port), kill });
      }
    });
    child.once('exit', (code) => reject(new Error(`example exited ${code}: ${err}`)));
  });
}

/**
 * A service whose tools the test controls: `echo_trace` (the trace id it saw),
 * `slow` (sleeps, reports progress), plus dynamic tools added at run time to
 * exercise list_changed.
 */
export async function startProbeService(options: { env?: Record<string, string> } = {}) {
  const extra: DynamicTool[] = [];
  const source: ToolSource = { list: () => extra, get: (name) => extra.find((t) => t.name === name) };
  const echoTrace = defineTool({
    name: 'echo_trace',
    title: 'Echo trace',
    description: 'Returns the trace id and parent span the service saw.',
    input: z.object({}),
    output: z.object({ traceId: z.string(), parentSpanId: z.string().optional() }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    handler: async (_args, ctx) => ({ traceId: ctx.trace.traceId, ...(ctx.trace.parentSpanId && { parentSpanId: ctx.trace.parentSpanId }) }),
  });
  const slow = defineTool({
    name: 'slow',
    title: 'Slow',
    description: 'Sleeps ms milliseconds in steps, reporting progress.',
    input: z.object({ ms: z.number().int().min(0).max(60_000), steps: z.number().int().min(1).max(10).default(1) }),
    output: z.object({ slept: z.number() }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    handler: async ({ ms, steps }, ctx) => {
      for (let i = 1; i <= steps; i += 1) {
        await new Promise((r) => setTimeout(r, ms / steps));
        await ctx.progress(i, steps, `step ${i}`);
      }
      return { slept: ms };
    },
  });
  const service = createService(
    { name: 'probe', version: '1.0.0', tools: [echoTrace, slow], toolSource: () => source },
    { env: { LOG_LEVEL: 'silent', MCP_SHUTDOWN_DRAIN_MS: '300', ...options.env } },
  );
  const running = await service.start({ port: 0, host: '127.0.0.1' });
  const addTool = (name: string) => {
    extra.push({
      name,
      description: 'added at run time',
      inputSchema: { type: 'object' },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      call: async () => ({ content: [{ type: 'text', text: name }] }),
    });
    service.notifyToolsChanged();
  };
  const addDynamic = (tool: DynamicTool) => {
    extra.push(tool);
    service.notifyToolsChanged();
  };
  return { service, url: running.url, port: running.port, addTool, addDynamic, close: () => service.stop() };
}
