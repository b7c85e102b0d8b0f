import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseRegistryText } from '@mcp/gateway/dist/registry/file-source.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT, run, systemTool } from './support.js';

/**
 * A key per compose service: `registry:sync` run in a scratch root (the
 * registry, the workspace manifests, Dockerfiles and .env.example files of this
 * repository, nothing else), so the env files it creates, appends to or leaves
 * alone are real files this test can delete and edit.
 */
interface Service {
  build?: unknown;
  environment?: Record<string, string>;
  env_file?: (string | { path: string; required?: boolean })[];
}
interface Compose {
  name?: string;
  services: Record<string, Service>;
}
type Entry = { url?: string; headers?: Record<string, string> };

const HEX_KEY = /^[0-9a-f]{48}$/;
const BACKENDS = 'docker/env/gateway-backends.env';
const dockerCompose = systemTool('docker-compose', 'docker-compose');
const root = mkdtempSync(join(tmpdir(), 'ops-compose-keys-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const at = (rel: string) => join(root, rel);
const readAt = (rel: string) => readFileSync(at(rel), 'utf8');
const sync = (...args: string[]) => run(process.execPath, [join(ROOT, 'scripts/registry/sync.mjs'), '--root', root, ...args]);
/** The generated files are plain `KEY=value` lines; comments and blanks are skipped. */
const envOf = (rel: string): Record<string, string> =>
  Object.fromEntries(
    readAt(rel)
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
const variableOf = (service: string) => `${service.toUpperCase().replaceAll('-', '_')}_MCP_KEY`;
const compose = () => parse(readAt('docker/docker-compose.yml')) as Compose;
/** The compose services built from registry entries (the gateway and the infrastructure aside). */
let services: string[] = [];
const gatewayEnv = () => ({ ...envOf('docker/env/gateway.env'), ...envOf(BACKENDS) });

function tree(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else out.set(relative(root, abs), createHash('sha256').update(readFileSync(abs)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

function copy(rel: string) {
  if (!existsSync(join(ROOT, rel))) return;
  mkdirSync(join(root, rel, '..'), { recursive: true });
  copyFileSync(join(ROOT, rel), at(rel));
}

beforeAll(() => {
  copy('.mcp.json');
  for (const dir of ['packages/gateway', ...readdirSync(join(ROOT, 'services')).map((s) => `services/${s}`)]) {
    for (const file of ['package.json', 'Dockerfile', '.env.example']) copy(`${dir}/${file}`);
  }
  for (const dir of ['docker/prometheus/rules', 'docker/grafana/provisioning']) mkdirSync(at(dir), { recursive: true });
  const first = sync();
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).toBe('');
  services = Object.entries(compose().services)
    .filter(([name, s]) => name !== 'gateway' && s.build !== undefined)
    .map(([name]) => name);
});

describe('registry:sync: a key per compose service', () => {
  it('gives each service env file a random MCP_API_KEYS, the gateway the same key as <SERVICE>_MCP_KEY, and the registry a reference to it', () => {
    expect(services.length).toBeGreaterThan(0);
    const backends = envOf(BACKENDS);
    const registry = JSON.parse(readAt('docker/gateway/mcp.json')) as { mcpServers: Record<string, Entry> };
    const keys = services.map((name) => {
      const key = envOf(`docker/env/${name}.env`).MCP_API_KEYS;
      expect(key, name).toMatch(HEX_KEY);
      expect(backends[variableOf(name)], name).toBe(key);
      expect(registry.mcpServers[name]?.headers, name).toEqual({ authorization: `Bearer \${${variableOf(name)}}` });
      return key!;
    });
    expect(new Set(keys).size, 'every service has its own key').toBe(keys.length);
    expect((statSync(at(BACKENDS)).mode & 0o777).toString(8)).toBe('600');
    // No key in a file that is committed.
    for (const file of ['docker/docker-compose.yml', 'docker/gateway/mcp.json', 'docker/prometheus/prometheus.yml']) {
      for (const key of keys) expect(readAt(file).includes(key), file).toBe(false);
    }
    const c = compose();
    for (const name of services) expect(c.services[name]?.environment ?? {}, name).not.toHaveProperty('MCP_ALLOW_PUBLIC_BIND');
    const gatewayFiles = (c.services.gateway?.env_file ?? []).map((e) => (typeof e === 'string' ? e : e.path));
    expect(gatewayFiles).toContain('env/gateway-backends.env');
    for (const name of services)
      expect(
        (c.services[name]?.env_file ?? []).map((e) => (typeof e === 'string' ? e : e.path)),
        name,
      ).not.toContain('env/gateway-backends.env');
  });

  it('the gateway accepts its compose registry with its env files, each service getting its own key as a bearer token', () => {
    const env = gatewayEnv();
    const result = parseRegistryText(readAt('docker/gateway/mcp.json'), 'docker/gateway/mcp.json', env);
    expect(result.ok, result.ok ? '' : result.problems.join('\n')).toBe(true);
    if (!result.ok) return;
    const byName = new Map(result.configs.map((c) => [c.name, c.config as Entry]));
    for (const name of services) expect(byName.get(name)?.headers?.authorization, name).toBe(`Bearer ${envOf(`docker/env/${name}.env`).MCP_API_KEYS}`);
    // Without the gateway-side file, the same registry is rejected, naming the variable: never a call with an empty token.
    const without = parseRegistryText(readAt('docker/gateway/mcp.json'), 'docker/gateway/mcp.json', envOf('docker/env/gateway.env'));
    expect(without.ok).toBe(false);
    if (!without.ok) expect(without.problems.join('\n')).toContain(`\${${variableOf(services[0]!)}}`);
  });

  it('is idempotent: a second run changes no file, and --check passes', () => {
    const before = tree();
    const again = sync();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/nothing to change/);
    expect(tree()).toEqual(before);
    const check = sync('--check');
    expect(check.code, check.stderr).toBe(0);
  });

  it('recreates a deleted gateway-backends.env from the service files, with the same keys', () => {
    const before = envOf(BACKENDS);
    unlinkSync(at(BACKENDS));
    const r = sync();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(BACKENDS);
    expect(envOf(BACKENDS)).toEqual(before);
  });

  it('appends only the missing line when one gateway-side key is gone, leaving the rest of the file as it was', () => {
    const [name] = services;
    const variable = variableOf(name!);
    const kept = readAt(BACKENDS)
      .split('\n')
      .filter((line) => !line.startsWith(`${variable}=`))
      .join('\n')
      .trimEnd();
    writeFileSync(at(BACKENDS), kept); // and no trailing newline: the append must start a line of its own
    const r = sync();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`(+${variable})`);
    expect(readAt(BACKENDS)).toBe(`${kept}\n${variable}=${envOf(`docker/env/${name}.env`).MCP_API_KEYS}\n`);
  });

  it('a new registry entry gets a new key in its new env file and one appended line on the gateway side', () => {
    const before = readAt(BACKENDS);
    mkdirSync(at('services/zz-keys'), { recursive: true });
    writeFileSync(at('services/zz-keys/package.json'), JSON.stringify({ name: '@mcp/zz-keys' }));
    writeFileSync(at('services/zz-keys/Dockerfile'), 'FROM scratch\n');
    const registry = JSON.parse(readAt('.mcp.json')) as { mcpServers: Record<string, unknown> };
    registry.mcpServers['zz-keys'] = { type: 'http', url: 'http://127.0.0.1:9599/mcp', package: '@mcp/zz-keys', port: 9599 };
    writeFileSync(at('.mcp.json'), `${JSON.stringify(registry, null, 2)}\n`);
    const r = sync();
    expect(r.code, r.stderr).toBe(0);
    const key = envOf('docker/env/zz-keys.env').MCP_API_KEYS;
    expect(key).toMatch(HEX_KEY);
    expect(readAt(BACKENDS)).toBe(`${before}ZZ_KEYS_MCP_KEY=${key}\n`);
    const mcp = JSON.parse(readAt('docker/gateway/mcp.json')) as { mcpServers: Record<string, Entry> };
    expect(mcp.mcpServers['zz-keys']?.headers).toEqual({ authorization: `Bearer \${ZZ_KEYS_MCP_KEY}` });
    expect(parseRegistryText(readAt('docker/gateway/mcp.json'), 'mcp.json', gatewayEnv()).ok).toBe(true);
    services.push('zz-keys');
  });

  it('warns, naming the file and the fix, when a service env file has no MCP_API_KEYS, and edits neither file', () => {
    const name = services[1]!;
    const file = `docker/env/${name}.env`;
    const variable = variableOf(name);
    writeFileSync(at(file), readAt(file).replace(/^MCP_API_KEYS=.*\n/m, ''));
    writeFileSync(at(BACKENDS), readAt(BACKENDS).replace(new RegExp(`^${variable}=.*\\n`, 'm'), ''));
    const before = tree();
    const r = sync();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: ${file} has no MCP_API_KEYS`);
    expect(r.stderr).toContain(`${variable}=<the same key> to ${BACKENDS}`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(tree()).toEqual(before);
  });

  it('warns when the gateway-side key is not one of the service keys (e.g. after a rotation on one side only)', () => {
    const name = services[2]!;
    const variable = variableOf(name);
    writeFileSync(at(BACKENDS), readAt(BACKENDS).replace(new RegExp(`^${variable}=.*$`, 'm'), `${variable}=${'0'.repeat(48)}`));
    const r = sync();
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${variable} is not one of the MCP_API_KEYS in docker/env/${name}.env`);
  });
});

describe.skipIf(dockerCompose.skip)('registry:sync: docker-compose config reads the keyed files', () => {
  it('passes `config -q`, and resolves each service MCP_API_KEYS equal to the gateway variable', () => {
    expect(dockerCompose.path, dockerCompose.missing).toBeTruthy();
    const fresh = mkdtempSync(join(tmpdir(), 'ops-compose-keys-v1-'));
    try {
      // A clean state again: env files from scratch, then the v1 translation compose.test.ts uses (no top-level name, env files as paths).
      rmSync(at('docker/env'), { recursive: true, force: true });
      expect(sync().code).toBe(0);
      const v1 = structuredClone(compose());
      delete v1.name;
      for (const s of Object.values(v1.services)) {
        const files = (s.env_file ?? []).map((e) => (typeof e === 'string' ? e : e.path)).filter((f) => existsSync(at(`docker/${f}`)));
        if (files.length > 0) s.env_file = files;
        else delete s.env_file;
      }
      const file = join(fresh, 'docker-compose.v1.yml');
      writeFileSync(file, stringify(v1));
      const args = ['-f', file, '--project-directory', at('docker'), '-p', 'mcp-keys', 'config'];
      const quiet = run(dockerCompose.path!, [...args, '-q']);
      expect(quiet.code, quiet.stderr).toBe(0);
      // The full rendering inlines the env files: compared here, never printed.
      const full = run(dockerCompose.path!, args);
      expect(full.code, full.stderr).toBe(0);
      const resolved = (parse(full.stdout) as Compose).services;
      const gateway = resolved.gateway?.environment ?? {};
      for (const name of services) {
        const key = resolved[name]?.environment?.MCP_API_KEYS;
        expect(key, name).toMatch(HEX_KEY);
        expect(gateway[variableOf(name)] === key, `${name}: gateway's ${variableOf(name)} equals the service's MCP_API_KEYS`).toBe(true);
        expect(resolved[name]?.environment ?? {}, name).not.toHaveProperty('MCP_ALLOW_PUBLIC_BIND');
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
