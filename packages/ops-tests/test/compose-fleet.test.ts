import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryFileSchema } from '@mcp/gateway/dist/config/schema.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { read, ROOT, run, systemTool } from './support.js';

/**
 * The fleet as compose runs it: the infrastructure (PostgreSQL, Redis,
 * Prometheus, Grafana), the gateway wired to it, what `docker compose up <one>`
 * pulls in, and the two locks on each service: a network it shares with the
 * gateway and Prometheus only, and a key of its own that the gateway sends
 * (compose-keys.test.ts runs the generator to check the env files).
 */
type DependsOn = string[] | Record<string, { condition?: string }>;
interface Service {
  image?: string;
  build?: { dockerfile?: string };
  environment?: Record<string, string>;
  env_file?: (string | { path: string; required?: boolean })[];
  healthcheck?: { test?: string[] };
  networks?: string[];
  ports?: string[];
  volumes?: string[];
  depends_on?: DependsOn;
  entrypoint?: string[];
  command?: string[];
}
interface Compose {
  services: Record<string, Service>;
  networks?: Record<string, { internal?: boolean } | null>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read('docker/docker-compose.yml')) as Compose;
const registry = JSON.parse(read('.mcp.json')) as { mcpServers: Record<string, { port?: number; package?: string }> };
const built = Object.entries(compose.services).filter(([name, s]) => s.build && name !== 'gateway');
const INFRA = ['postgres', 'redis', 'prometheus', 'grafana'];
const dockerCompose = systemTool('docker-compose', 'docker-compose');
const tmp = mkdtempSync(join(tmpdir(), 'ops-compose-fleet-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dependencies = (s: Service | undefined): Record<string, string> => {
  const d = s?.depends_on ?? {};
  return Array.isArray(d)
    ? Object.fromEntries(d.map((n) => [n, 'service_started']))
    : Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v?.condition ?? '']));
};
/** What `docker compose up <name>` starts: the service and, transitively, what it depends on. */
function closure(services: Record<string, Service>, name: string): string[] {
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const d of Object.keys(dependencies(services[n]))) visit(d);
  };
  visit(name);
  return [...seen].sort();
}
const envFiles = (s: Service | undefined) => (s?.env_file ?? []).map((e) => (typeof e === 'string' ? e : e.path));

describe('compose: the infrastructure', () => {
  it('has PostgreSQL, Redis, Prometheus and Grafana on pinned images, with healthchecks', () => {
    for (const name of INFRA) {
      const s = compose.services[name];
      expect(s, name).toBeDefined();
      // A release, not a moving tag: registry/name:<major>[.<minor>…][-variant].
      expect(s?.image, name).toMatch(/^[a-z0-9./-]+:v?\d+(\.\d+)+(-[a-z0-9.]+)?$/);
      expect(s?.healthcheck?.test?.length, `${name} healthcheck`).toBeGreaterThan(0);
    }
    expect(compose.services.postgres?.healthcheck?.test?.join(' ')).toContain('pg_isready');
    expect(compose.services.redis?.healthcheck?.test?.join(' ')).toContain('redis-cli ping');
  });

  it('keeps state in named volumes and no secret in the file', () => {
    const named = new Set(Object.keys(compose.volumes ?? {}));
    for (const [name, mount] of [
      ['postgres', '/var/lib/postgresql/data'],
      ['redis', '/data'],
      ['prometheus', '/prometheus'],
      ['grafana', '/var/lib/grafana'],
    ] as const) {
      const volume = compose.services[name]?.volumes?.find((v) => v.split(':')[1] === mount);
      expect(volume, `${name} ${mount}`).toBeDefined();
      expect(named.has(volume!.split(':')[0]!), `${volume} is a named volume`).toBe(true);
    }
    for (const [name, s] of Object.entries(compose.services)) {
      for (const key of Object.keys(s.environment ?? {})) expect(key, `${name} sets a secret inline`).not.toMatch(/PASSWORD|SECRET|TOKEN|API_KEYS/);
    }
    expect(envFiles(compose.services.postgres)).toContain('env/postgres.env');
    expect(envFiles(compose.services.redis)).toContain('env/redis.env');
    expect(envFiles(compose.services.grafana)).toContain('env/grafana.env');
    // Redis and Grafana refuse to start without their password instead of running open.
    expect(compose.services.redis?.command?.join(' ')).toMatch(/test -n "\$\$REDISCLI_AUTH" \|\|.*exit 1.*--requirepass "\$\$REDISCLI_AUTH"/);
    expect(compose.services.grafana?.entrypoint?.join(' ')).toMatch(/test -n "\$\$GF_SECURITY_ADMIN_PASSWORD" \|\|.*exit 1.*exec \/run\.sh/);
  });

  it('Prometheus scrapes every compose service and the gateway by compose name and port, over networks it shares with them', () => {
    const config = parse(read('docker/prometheus/prometheus.yml')) as { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    const targets = config.scrape_configs.flatMap((j) => j.static_configs.flatMap((c) => c.targets));
    const expected = [...built, ['gateway', compose.services.gateway!] as const].map(([name]) => `${name}:${compose.services[name]?.environment?.PORT}`);
    expect(targets.sort()).toEqual(expected.sort());
    const prometheusNetworks = new Set(compose.services.prometheus?.networks);
    for (const target of targets) {
      const name = target.split(':')[0]!;
      expect(
        compose.services[name]?.networks?.some((n) => prometheusNetworks.has(n)),
        `prometheus shares no network with ${name}`,
      ).toBe(true);
    }
  });
});

describe('compose: the password guards, run as compose runs them (sh -c, $$ unescaped to $)', () => {
  const script = (argv: string[] | undefined) => {
    expect(argv?.slice(0, 2)).toEqual(['sh', '-c']);
    return argv![2]!.replaceAll('$$', '$');
  };
  const sh = (code: string, env: NodeJS.ProcessEnv) => run('sh', ['-c', code], { env, timeoutMs: 10_000 });

  it('Redis and Grafana exit 1 naming the missing variable and the env file', () => {
    for (const [name, argv, variable] of [
      ['redis', compose.services.redis?.command, 'REDISCLI_AUTH'],
      ['grafana', compose.services.grafana?.entrypoint, 'GF_SECURITY_ADMIN_PASSWORD'],
    ] as const) {
      const r = sh(script(argv), { PATH: process.env.PATH });
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toContain(`${variable} is not set`);
      expect(r.stderr, name).toContain(`docker/env/${name}.env`);
    }
  });

  it('Redis gets the env file password as --requirepass', () => {
    // redis-server is not installed here: a stand-in on PATH prints the arguments it was given.
    const bin = join(tmp, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'redis-server'), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
    chmodSync(join(bin, 'redis-server'), 0o755);
    const r = sh(script(compose.services.redis?.command), { PATH: `${bin}:${process.env.PATH}`, REDISCLI_AUTH: 'p4ss w0rd' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['--requirepass', 'p4ss w0rd', '--appendonly', 'yes']);
  });
});

describe('compose: the gateway', () => {
  const gateway = compose.services.gateway!;

  it('uses PostgreSQL and Redis, once they are healthy', () => {
    expect(gateway.environment?.DATABASE_URL).toMatch(/^postgres:\/\/[a-z]+@postgres:5432\/[a-z_]+$/);
    expect(envFiles(gateway)).toEqual(expect.arrayContaining(['env/postgres.env', 'env/redis.env', 'env/gateway.env']));
    expect(dependencies(gateway)).toMatchObject({ postgres: 'service_healthy', redis: 'service_healthy' });
  });

  it('reads a compose registry that names every service at http://<name>:<port>/mcp and that the gateway itself accepts', () => {
    const mount = gateway.volumes?.find((v) => v.startsWith('./gateway:'));
    expect(mount).toBeDefined();
    const inContainer = mount!.split(':')[1]!;
    expect(gateway.environment?.MCP_CONFIG).toBe(`${inContainer}/mcp.json`);
    const file = registryFileSchema.parse(JSON.parse(read('docker/gateway/mcp.json')));
    const urls = Object.fromEntries(Object.entries(file.mcpServers).map(([name, e]) => [name, 'url' in e ? e.url : '']));
    expect(urls).toEqual(Object.fromEntries(built.map(([name, s]) => [name, `http://${name}:${s.environment?.PORT}/mcp`])));
    // Each backend's key by reference only, expanded from the gateway's env (env/gateway-backends.env).
    for (const [name] of built) {
      const entry = file.mcpServers[name];
      const variable = `${name.toUpperCase().replaceAll('-', '_')}_MCP_KEY`;
      expect(entry && 'headers' in entry ? entry.headers : undefined, name).toEqual({ authorization: `Bearer \${${variable}}` });
    }
    expect(envFiles(gateway)).toContain('env/gateway-backends.env');
    for (const [name] of built) expect(registry.mcpServers[name]?.port, name).toBe(Number(compose.services[name]?.environment?.PORT));
  });

  it('is the one entry point: no public-bind override, so it needs the MCP_API_KEYS of its env file', () => {
    expect(gateway.environment ?? {}).not.toHaveProperty('MCP_ALLOW_PUBLIC_BIND');
    expect(gateway.environment ?? {}).not.toHaveProperty('MCP_API_KEYS');
  });
});

describe('compose: the services', () => {
  it('each needs its key (no public-bind override) and listens on a network it shares with nothing but the gateway and Prometheus', () => {
    expect(built.length).toBeGreaterThan(0);
    for (const [name, s] of built) {
      expect(s.environment?.HOST, name).toBe('0.0.0.0');
      // Without MCP_ALLOW_PUBLIC_BIND the runtime refuses 0.0.0.0 unless env/<name>.env sets MCP_API_KEYS.
      expect(s.environment ?? {}, name).not.toHaveProperty('MCP_ALLOW_PUBLIC_BIND');
      expect(envFiles(s), name).toEqual([`env/${name}.env`]);
      for (const network of s.networks ?? []) {
        const members = Object.entries(compose.services)
          .filter(([, other]) => other.networks?.includes(network))
          .map(([n]) => n)
          .sort();
        expect(members, `${name}: network ${network}`).toEqual([name, 'gateway', 'prometheus'].sort());
      }
      expect(s.networks?.length, name).toBeGreaterThan(0);
      for (const port of s.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
    // PostgreSQL and Redis: the gateway only, and no route out.
    const state = Object.entries(compose.services).filter(([, s]) => s.networks?.includes('state'));
    expect(state.map(([n]) => n).sort()).toEqual(['gateway', 'postgres', 'redis']);
    expect(compose.networks?.state?.internal).toBe(true);
  });

  it('`up <service>` starts that service alone (none needs PostgreSQL or Redis); `up gateway` brings the state and the backends', () => {
    for (const [name] of built) expect(closure(compose.services, name), name).toEqual([name]);
    expect(closure(compose.services, 'gateway')).toEqual(['gateway', 'postgres', 'redis', ...built.map(([n]) => n)].sort());
    expect(closure(compose.services, 'grafana')).toEqual(['grafana', 'prometheus']);
  });
});

describe.skipIf(dockerCompose.skip)('docker-compose config (Debian docker-compose 1.29): its own reading of the file', () => {
  it('lists every service and resolves `up slack` (and every other service) to that service alone', () => {
    expect(dockerCompose.path, dockerCompose.missing).toBeTruthy();
    // Same translation as compose.test.ts: no top-level name, optional env files as paths when present.
    const v1 = structuredClone(parse(read('docker/docker-compose.yml'))) as Compose & { name?: string };
    delete v1.name;
    for (const s of Object.values(v1.services)) {
      const files = envFiles(s).filter((f) => existsSync(join(ROOT, 'docker', f)));
      if (files.length > 0) s.env_file = files;
      else delete s.env_file;
    }
    const file = join(tmp, 'docker-compose.v1.yml');
    writeFileSync(file, stringify(v1));
    const args = ['-f', file, '--project-directory', join(ROOT, 'docker'), '-p', 'mcp-fleet', 'config'];
    const services = run(dockerCompose.path!, [...args, '--services']);
    expect(services.code, services.stderr).toBe(0);
    expect(services.stdout.trim().split('\n').sort()).toEqual(Object.keys(compose.services).sort());
    // The full rendering inlines the env files' secrets: only its structure is used, never printed.
    const full = run(dockerCompose.path!, args);
    expect(full.code, full.stderr).toBe(0);
    const resolved = (parse(full.stdout) as Compose).services;
    expect(closure(resolved, 'slack')).toEqual(['slack']);
    for (const [name] of built) expect(closure(resolved, name), name).toEqual([name]);
    expect(dependencies(resolved.gateway)).toMatchObject({ postgres: 'service_healthy', redis: 'service_healthy' });
  });
});
