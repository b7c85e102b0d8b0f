import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connectHttp, type FakeUpstream, runConformance, startFakeUpstream } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, copyRepository, diffTrees, outputLines, plop, pnpm, type RunResult, run, treeHashes } from './workspace.js';

/**
 * `pnpm gen` end to end, in a temporary copy of the repository: stamp two
 * services and a tool, check the registry and everything derived from it,
 * install, build, run the services' own tests, start one and talk MCP to it,
 * and check that every refusal is one line, a non-zero exit and no change.
 */
const timings: Array<[string, number]> = [];
let root: string;
let registryBefore: { mcpServers: Record<string, { port?: number }> };

const read = (file: string) => readFileSync(join(root, file), 'utf8');
const registry = () => JSON.parse(read('.mcp.json')) as { mcpServers: Record<string, { port: number; package: string; url: string; description: string }> };
function expectOk(result: RunResult, what: string) {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
}
function time(label: string, result: RunResult) {
  timings.push([label, result.ms]);
  return result;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const started = performance.now();
  root = copyRepository();
  timings.push(['copy the repository', Math.round(performance.now() - started)]);
  registryBefore = JSON.parse(read('.mcp.json'));
  // Offline first: everything the templates use is already in the store.
  let install = time('pnpm install --offline', await pnpm(['install', '--offline', '--no-frozen-lockfile'], { cwd: root }));
  if (install.code !== 0) install = time('pnpm install (online fallback)', await pnpm(['install', '--no-frozen-lockfile'], { cwd: root }));
  expectOk(install, 'pnpm install');
});

afterAll(() => {
  console.log(`generator timings (ms):\n${timings.map(([label, ms]) => `  ${label.padEnd(48)} ${String(ms).padStart(7)}`).join('\n')}`);
  if (root && process.env.KEEP_GENERATOR_COPY !== '1') rmSync(root, { recursive: true, force: true });
  else if (root) console.log(`kept the copy at ${root}`);
});

describe('pnpm gen server', () => {
  it('stamps a service, records the next free port in .mcp.json and regenerates compose and Prometheus', async () => {
    const used = new Set(Object.values(registryBefore.mcpServers).map((e) => e.port));
    let expectedPort = 9001;
    while (used.has(expectedPort)) expectedPort += 1;

    const result = time('gen server zzgen (plop)', await plop(root, ['server', 'zzgen']));
    expectOk(result, 'gen server zzgen');
    for (const file of ['package.json', 'src/server.ts', 'src/env.ts', 'src/client.ts', 'src/models.ts', 'src/tools/index.ts', 'src/tools/health-check.ts']) {
      expect(existsSync(join(root, 'services/zzgen', file)), file).toBe(true);
    }
    for (const file of ['test/tools/health-check.test.ts', 'test/integration.test.ts', 'test/schema.test.ts', 'Dockerfile', '.env.example', 'README.md']) {
      expect(existsSync(join(root, 'services/zzgen', file)), file).toBe(true);
    }
    expect(read('services/zzgen/src/server.ts').split('\n').length).toBeLessThanOrEqual(30);

    const entry = registry().mcpServers.zzgen;
    expect(entry).toMatchObject({ type: 'http', package: '@mcp/zzgen', port: expectedPort, url: `http://127.0.0.1:${expectedPort}/mcp` });
    const compose = read('docker/docker-compose.yml');
    expect(compose).toContain('  zzgen:\n');
    expect(compose).toContain('dockerfile: services/zzgen/Dockerfile');
    expect(compose).toContain(`"127.0.0.1:${expectedPort}:${expectedPort}"`);
    expect(compose).toContain('path: env/zzgen.env');
    expect(read('docker/prometheus/prometheus.yml')).toContain(`targets: ["zzgen:${expectedPort}"]`);
    expect(read('docker/env/zzgen.env')).toContain('ZZGEN_TOKEN=');
    const gatewayRegistry = JSON.parse(read('docker/gateway/mcp.json')) as { mcpServers: Record<string, { url: string }> };
    expect(gatewayRegistry.mcpServers.zzgen?.url).toBe(`http://zzgen:${expectedPort}/mcp`);
  });

  it('creates the git-ignored env files of the gateway and the infrastructure once, with random secrets that match', () => {
    const env = (file: string) => {
      expect((statSync(join(root, 'docker/env', file)).mode & 0o777).toString(8), `${file} mode`).toBe('600');
      return Object.fromEntries(
        read(`docker/env/${file}`)
          .split('\n')
          .filter((l) => /^[A-Z_]+=/.test(l))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    };
    const postgres = env('postgres.env');
    expect(postgres.POSTGRES_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    expect(postgres.PGPASSWORD).toBe(postgres.POSTGRES_PASSWORD);
    const redis = env('redis.env');
    expect(redis.REDISCLI_AUTH).toMatch(/^[0-9a-f]{48}$/);
    expect(redis.REDIS_URL).toBe(`redis://:${redis.REDISCLI_AUTH}@redis:6379/0`);
    const gateway = env('gateway.env');
    expect(gateway.MCP_API_KEYS).toMatch(/^[0-9a-f]{48}$/);
    expect(gateway.GATEWAY_ADMIN_API_KEYS).toMatch(/^[0-9a-f]{48}$/);
    expect(env('grafana.env').GF_SECURITY_ADMIN_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    const secrets = [postgres.POSTGRES_PASSWORD, redis.REDISCLI_AUTH, gateway.MCP_API_KEYS, gateway.GATEWAY_ADMIN_API_KEYS];
    expect(new Set(secrets).size).toBe(secrets.length);
    for (const file of ['docker/docker-compose.yml', 'docker/gateway/mcp.json']) for (const s of secrets) expect(read(file)).not.toContain(s);
  });

  it('normalises a display name and honours the flags (via the root script `pnpm gen`)', async () => {
    const result = time(
      'gen server "ZZ Gen Basic" (pnpm gen)',
      await pnpm(['gen', 'server', 'ZZ Gen Basic', '--description', "Basic-auth probe's API", '--auth', 'basic', '--base-url', 'http://127.0.0.1:1/api/'], {
        cwd: root,
      }),
    );
    expectOk(result, 'pnpm gen server "ZZ Gen Basic"');
    expect(JSON.parse(read('services/zz-gen-basic/package.json'))).toMatchObject({ name: '@mcp/zz-gen-basic', description: "Basic-auth probe's API" });
    const env = read('services/zz-gen-basic/src/env.ts');
    expect(env).toContain("ZZ_GEN_BASIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:1/api')");
    expect(env).toContain('ZZ_GEN_BASIC_USERNAME');
    expect(env).toContain('ZZ_GEN_BASIC_PASSWORD');
    expect(registry().mcpServers['zz-gen-basic']?.port).toBe(registry().mcpServers.zzgen!.port + 1);
  });

  it('generated code imports no cross-cutting library: the runtime provides them', () => {
    for (const dir of ['services/zzgen', 'services/zz-gen-basic']) {
      for (const file of ['src/server.ts', 'src/env.ts', 'src/client.ts', 'src/models.ts', 'src/tools/health-check.ts']) {
        expect(read(`${dir}/${file}`)).not.toMatch(/from '(pino|prom-client|opossum|undici|p-retry)'/);
      }
    }
  });
});

describe('pnpm gen tool', () => {
  it('adds a working read-only tool and its test, registered in src/tools/index.ts', async () => {
    const result = time('gen tool zzgen list_widgets', await plop(root, ['tool', 'zzgen', 'list_widgets']));
    expectOk(result, 'gen tool');
    expect(read('services/zzgen/src/tools/list-widgets.ts')).toContain("name: 'list_widgets'");
    expect(existsSync(join(root, 'services/zzgen/test/tools/list-widgets.test.ts'))).toBe(true);
    const index = read('services/zzgen/src/tools/index.ts');
    expect(index).toContain("import { listWidgets } from './list-widgets.js';");
    expect(index).toMatch(/export const tools = \[healthCheck, listWidgets\];/);
    expect(read('services/zzgen/README.md')).toContain('`list_widgets`');
  });
});

describe('lint', () => {
  it("what the generators wrote passes the repository's biome check", async () => {
    const result = time(
      'biome check of the generated files',
      await run(join(root, 'node_modules/.bin/biome'), ['check', 'services/zzgen', 'services/zz-gen-basic', 'docker'], { cwd: root }),
    );
    expectOk(result, 'biome check');
  });
});

describe('refusals', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['the same name again', ['server', 'zzgen'], /services\/zzgen already exists/],
    ['the same name, spelt differently', ['server', 'ZZ_GEN_BASIC'], /already exists/],
    ['invalid characters', ['server', 'bad!name'], /invalid service name/],
    ['a path', ['server', '../escape'], /invalid service name/],
    ['a leading digit', ['server', '9lives'], /must start with a letter/],
    ['reserved: runtime', ['server', 'runtime'], /reserved/],
    ['reserved: gateway', ['server', 'gateway'], /reserved/],
    ['reserved: testing', ['server', 'testing'], /reserved/],
    ['reserved: example', ['server', 'example'], /reserved/],
    ['a registry entry without a folder', ['server', 'hand_made'], /\.mcp\.json already has "hand-made"/],
    ['an unknown auth style', ['server', 'fresh', '--auth', 'magic'], /invalid --auth/],
    ['an unknown option', ['server', 'fresh', '--force'], /unknown option --force/],
    ['no name without a terminal', ['server'], /a service name is required/],
    ['an existing tool', ['tool', 'zzgen', 'list_widgets'], /already exists/],
    ['the starter tool', ['tool', 'zzgen', 'health_check'], /already exists/],
    ['a tool of a missing service', ['tool', 'nope', 'list_x'], /no service "nope"/],
    ['an invalid tool name', ['tool', 'zzgen', 'list widgets!'], /invalid tool name/],
  ];

  it('each exits non-zero with one clear line and changes no file', async () => {
    // A registry entry added by hand, with no service folder: its name is taken too.
    const reg = registry() as { mcpServers: Record<string, unknown> };
    reg.mcpServers['hand-made'] = { type: 'http', url: 'http://127.0.0.1:9999/mcp', port: 9999 };
    writeFileSync(join(root, '.mcp.json'), `${JSON.stringify(reg, null, 2)}\n`);
    const before = treeHashes(root);
    const failures: string[] = [];
    for (const [what, args, message] of cases) {
      const result = time(`refusal: ${what}`, await plop(root, args));
      const lines = outputLines(result);
      if (result.code === 0 || lines.length !== 1 || !message.test(lines[0] ?? '') || !lines[0]?.startsWith('gen ')) {
        failures.push(`${what} (${args.join(' ')}): exit ${result.code}, output ${JSON.stringify(lines)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(diffTrees(before, treeHashes(root))).toEqual([]);
    delete reg.mcpServers['hand-made'];
    writeFileSync(join(root, '.mcp.json'), `${JSON.stringify(reg, null, 2)}\n`);
  });
});

describe('the stamped services', () => {
  it('install, build, typecheck and pass their own tests with no edit', async () => {
    expectOk(time('pnpm install --offline (new services)', await pnpm(['install', '--offline', '--no-frozen-lockfile'], { cwd: root })), 'pnpm install');
    const filters = ['--filter', '@mcp/zzgen', '--filter', '@mcp/zz-gen-basic'];
    const hasDeps = existsSync(join(root, 'packages/runtime/dist/index.js')) && existsSync(join(root, 'packages/testing/dist/index.js'));
    const build = hasDeps
      ? await pnpm([...filters, 'run', 'build'], { cwd: root })
      : await pnpm(['exec', 'turbo', 'run', 'build', '--filter=@mcp/zzgen...', '--filter=@mcp/zz-gen-basic...'], { cwd: root });
    expectOk(time('build the two services', build), 'build');
    expectOk(time('typecheck the two services (src + test)', await pnpm([...filters, 'run', 'typecheck'], { cwd: root })), 'typecheck');
    for (const name of ['zzgen', 'zz-gen-basic']) {
      const test = time(`pnpm --filter @mcp/${name} test`, await pnpm(['--filter', `@mcp/${name}`, 'test'], { cwd: root }));
      expectOk(test, `tests of ${name}`);
      expect(test.stdout).toMatch(/Tests\s+\d+ passed/);
      expect(existsSync(join(root, `services/${name}/test/__snapshots__/schema.test.ts.snap`))).toBe(true);
    }
  });

  it('starts, answers /health, lists its tools over HTTP, passes the generic conformance scenarios and stops on SIGTERM', async () => {
    const upstream: FakeUpstream = await startFakeUpstream((app) => {
      app.get('/', (c) => c.json({ login: 'gen-bot' }, 200, { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '99' }));
    });
    const port = await freePort();
    let child: ChildProcess | undefined;
    try {
      const started = performance.now();
      child = spawn(process.execPath, ['dist/server.js'], {
        cwd: join(root, 'services/zzgen'),
        env: childEnv({ PORT: String(port), HOST: '127.0.0.1', ZZGEN_BASE_URL: upstream.url, ZZGEN_TOKEN: 'gen-token', LOG_LEVEL: 'warn' }),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`zzgen did not start: ${stderr}`)), 20_000);
        child?.stderr?.on('data', (d) => {
          stderr += d;
          if (stderr.includes('ready at')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child?.once('exit', (code) => reject(new Error(`zzgen exited ${code}: ${stderr}`)));
      });
      timings.push(['start zzgen until ready', Math.round(performance.now() - started)]);

      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'healthy', service: 'zzgen', components: { upstream_probe: { status: 'healthy' } } });
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);

      const client = await connectHttp(`http://127.0.0.1:${port}/mcp`);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name).sort()).toEqual(['health_check', 'list_widgets']);
        const result = await client.callTool({ name: 'health_check', arguments: {} });
        expect(result.structuredContent).toMatchObject({ ok: true, identity: 'gen-bot', rateLimit: { remaining: 99 } });
      } finally {
        await client.close();
      }
      expect(upstream.requests.some((r) => r.headers.authorization === 'Bearer gen-token')).toBe(true);

      const conformanceStarted = performance.now();
      for (const scenario of ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection']) {
        const outcome = await runConformance({ url: `http://127.0.0.1:${port}/mcp`, scenario, timeoutMs: 60_000 });
        expect(outcome.exitCode, `${scenario}:\n${outcome.output}`).toBe(0);
        expect(outcome.failed, scenario).toBe(0);
      }
      timings.push(['conformance: 4 generic server scenarios', Math.round(performance.now() - conformanceStarted)]);

      const exit = new Promise<number | null>((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      child = undefined;
    } finally {
      child?.kill('SIGKILL');
      await upstream.close();
    }
  });
});

describe('pnpm registry:sync', () => {
  it('re-applies a hand edit of .mcp.json to compose and Prometheus; --check tells stale from fresh', async () => {
    const reg = registry();
    reg.mcpServers.zzgen!.port = 9555;
    reg.mcpServers.zzgen!.url = 'http://127.0.0.1:9555/mcp';
    writeFileSync(join(root, '.mcp.json'), `${JSON.stringify(reg, null, 2)}\n`);
    const stale = await pnpm(['run', '--silent', 'registry:sync', '--check'], { cwd: root });
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toMatch(/stale derived files: docker\/docker-compose\.yml, docker\/prometheus\/prometheus\.yml/);
    expectOk(time('pnpm registry:sync', await pnpm(['run', 'registry:sync'], { cwd: root })), 'registry:sync');
    expect(read('docker/docker-compose.yml')).toContain('"127.0.0.1:9555:9555"');
    expect(read('docker/prometheus/prometheus.yml')).toContain('targets: ["zzgen:9555"]');
    expect(read('docker/gateway/mcp.json')).toContain('"url": "http://zzgen:9555/mcp"');
    expectOk(await run(process.execPath, ['scripts/registry/sync.mjs', '--check'], { cwd: root }), 'registry:sync --check');
    // Idempotent: a second run writes nothing (env files keep their secrets).
    const synced = treeHashes(root);
    const again = await run(process.execPath, ['scripts/registry/sync.mjs'], { cwd: root });
    expectOk(again, 'registry:sync (again)');
    expect(again.stdout).toMatch(/nothing to change/);
    expect(diffTrees(synced, treeHashes(root))).toEqual([]);

    // A port collision in a hand edit is refused with one line, nothing written.
    reg.mcpServers['zz-gen-basic']!.port = 9555;
    writeFileSync(join(root, '.mcp.json'), `${JSON.stringify(reg, null, 2)}\n`);
    const before = treeHashes(root);
    const clash = await run(process.execPath, ['scripts/registry/sync.mjs'], { cwd: root });
    expect(clash.code).toBe(1);
    expect(outputLines(clash)).toEqual([expect.stringMatching(/both use port 9555/)]);
    expect(diffTrees(before, treeHashes(root))).toEqual([]);
  });
});
