import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createService, defineTool } from '@mcp/runtime';
import { connectHttp } from '@mcp/testing';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The backend lives in this process, so its call counts survive the gateway's death. */
const counts = { one: 0, two: 0, three: 0 };
let enteredTwo: () => void = () => {};
const twoEntered = new Promise<void>((resolve) => {
  enteredTwo = resolve;
});
let releaseTwo: () => void = () => {};
const twoReleased = new Promise<void>((resolve) => {
  releaseTwo = resolve;
});
const annotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
const backend = createService(
  {
    name: 'svc',
    version: '0.0.1',
    tools: [
      defineTool({
        name: 'step_one',
        title: 'one',
        description: 'Step one.',
        input: z.object({}),
        output: z.object({ token: z.string() }),
        annotations,
        handler: async () => ({ token: `t${++counts.one}` }),
      }),
      defineTool({
        name: 'step_two',
        title: 'two',
        description: 'Step two: the first call hangs until the test releases it (the gateway is killed meanwhile).',
        input: z.object({ token: z.string() }),
        output: z.object({ got: z.string() }),
        annotations,
        handler: async ({ token }) => {
          counts.two += 1;
          if (counts.two === 1) {
            enteredTwo();
            await twoReleased;
          }
          return { got: token };
        },
      }),
      defineTool({
        name: 'step_three',
        title: 'three',
        description: 'Step three.',
        input: z.object({}),
        output: z.object({ n: z.number() }),
        annotations,
        handler: async () => ({ n: ++counts.three }),
      }),
    ],
  },
  { env: { LOG_LEVEL: 'silent', MCP_TOOL_TIMEOUT_MS: '120000' } },
);

/** The gateway's sources as plain JS under node_modules/.cache, so a child `node` runs them and resolves packages like the gateway does. */
function transpileGateway(into: string): void {
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) {
        const out = join(into, relative(packageDir, path)).replace(/\.ts$/, '.js');
        mkdirSync(dirname(out), { recursive: true });
        const { outputText } = ts.transpileModule(readFileSync(path, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
        });
        writeFileSync(out, outputText);
      }
    }
  };
  walk(join(packageDir, 'src'));
  writeFileSync(join(into, 'package.json'), '{"type":"module"}');
}

describe('kill the gateway during step 2 of a 3-step workflow, then restart it', () => {
  let buildDir: string;
  let dataDir: string;
  let backendUrl: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    buildDir = join(packageDir, 'node_modules', '.cache', `wf-kill-${process.pid}`);
    transpileGateway(buildDir);
    dataDir = mkdtempSync(join(tmpdir(), 'wf-kill-'));
    backendUrl = (await backend.start({ port: 0, host: '127.0.0.1' })).url;
    mkdirSync(join(dataDir, 'workflows'));
    writeFileSync(
      join(dataDir, 'workflows', 'three.json'),
      JSON.stringify({
        name: 'three',
        steps: [
          { id: 's1', tool: 'svc_step_one' },
          { id: 's2', tool: 'svc_step_two', arguments: { token: '{{ steps.s1.result.structuredContent.token }}' } },
          { id: 's3', tool: 'svc_step_three' },
        ],
      }),
    );
    writeFileSync(join(dataDir, '.mcp.json'), JSON.stringify({ mcpServers: { svc: { type: 'http', url: backendUrl } } }));
  });

  afterAll(async () => {
    releaseTwo();
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await backend.stop();
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One gateway process on the shared SQLite file; resolves with its base URL once it listens. */
  const startGateway = (): Promise<{ base: string; child: ChildProcess }> => {
    const script = `
      const { createGateway } = await import(${JSON.stringify(join(buildDir, 'src', 'server.js'))});
      const gateway = createGateway(process.env);
      const { url } = await gateway.start({ port: 0, host: '127.0.0.1' });
      process.stdout.write(JSON.stringify({ url }) + '\\n');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'silent',
        MCP_CONFIG: join(dataDir, '.mcp.json'),
        GATEWAY_SQLITE_PATH: join(dataDir, 'gateway.sqlite'),
        GATEWAY_WORKFLOWS_DIR: join(dataDir, 'workflows'),
        GATEWAY_WORKFLOW_LEASE_MS: '1000',
        GATEWAY_WATCH: 'false',
        GATEWAY_APPROVAL_POLICY: 'off',
        GATEWAY_HEALTH_INTERVAL_MS: '500',
      },
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('{"url"'));
        if (line) resolve({ base: (JSON.parse(line) as { url: string }).url.replace(/\/mcp$/, ''), child });
      });
      child.on('exit', (code) => reject(new Error(`gateway exited (${code}) before listening: ${stderr.slice(-2000)}`)));
    });
  };

  it('the run completes after the restart and step 1 ran exactly once', { timeout: 90_000 }, async () => {
    const first = await startGateway();
    const started = await fetch(`${first.base}/api/v1/workflows/three/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };

    await twoEntered;
    expect(counts).toEqual({ one: 1, two: 1, three: 0 });
    const during = (await (await fetch(`${first.base}/api/v1/workflows/runs/${runId}`)).json()) as {
      steps: { id: string; status: string; attempts: number }[];
    };
    expect(during.steps.map((s) => [s.id, s.status, s.attempts])).toEqual([
      ['s1', 'succeeded', 1],
      ['s2', 'running', 1],
    ]);

    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    releaseTwo(); // the killed gateway's call to step 2 returns into the void

    const second = await startGateway();
    const client = await connectHttp(`${second.base}/mcp`);
    let run: Record<string, unknown> = {};
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const r = await client.callTool({ name: 'get_workflow_run', arguments: { runId } });
      run = r.structuredContent as Record<string, unknown>;
      if (run.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await client.close();
    expect(run.status).toBe('succeeded');
    expect((run.steps as { id: string; status: string; attempts: number }[]).map((s) => [s.id, s.status, s.attempts])).toEqual([
      ['s1', 'succeeded', 1],
      ['s2', 'succeeded', 2], // the killed attempt was checkpointed before its call, so it counts
      ['s3', 'succeeded', 1],
    ]);
    // Step 1 exactly once; step 2, interrupted, ran again (at-least-once for the interrupted step), with step 1's checkpointed result.
    expect(counts).toEqual({ one: 1, two: 2, three: 1 });
    expect((run.steps as { result: { structuredContent: unknown } }[])[1]!.result.structuredContent).toEqual({ got: 't1' });
    second.child.kill('SIGTERM');
  });
});
