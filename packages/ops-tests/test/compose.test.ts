import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { read, ROOT, run, systemTool } from './support.js';

const COMPOSE = 'docker/docker-compose.yml';
const require = createRequire(import.meta.url);

type Service = Record<string, unknown> & {
  build?: { dockerfile?: string };
  env_file?: (string | { path: string; required?: boolean })[];
  healthcheck?: { test?: string[] };
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
};
const compose = parse(read(COMPOSE)) as { name?: string; services: Record<string, Service> };
const dockerCompose = systemTool('docker-compose', 'docker-compose');
const tmp = mkdtempSync(join(tmpdir(), 'ops-compose-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe(`${COMPOSE}`, () => {
  it('is up to date with .mcp.json (scripts/registry/sync.mjs --check)', () => {
    const r = run(process.execPath, ['scripts/registry/sync.mjs', '--check']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('validates against the Compose Specification schema (the one dclint ships)', () => {
    const schema = JSON.parse(readFileSync(join(dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json'), 'utf8'));
    delete schema.$schema; // draft-07, which Ajv knows under another id
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    const ok = validate(compose);
    expect(validate.errors ?? [], 'schema errors').toEqual([]);
    expect(ok).toBe(true);
  });

  it('every service built here has a /health/live healthcheck, init, and ports on loopback only', () => {
    const built = Object.entries(compose.services).filter(([, s]) => s.build?.dockerfile);
    expect(built.length).toBeGreaterThan(0);
    for (const [name, s] of built) {
      expect(s.healthcheck?.test?.join(' '), name).toContain('/health/live');
      expect(s.init, name).toBe(true);
      for (const port of s.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
      expect(existsSync(join(ROOT, s.build!.dockerfile!)) || (s.profiles ?? []).length > 0, `${name}: ${s.build!.dockerfile} is missing`).toBe(true);
    }
  });

  it('mounts the Prometheus and Grafana files of docker/ where those services are defined', () => {
    const prometheus = compose.services.prometheus;
    if (prometheus) expect((prometheus.volumes ?? []).join(' ')).toMatch(/\.\/prometheus(\/|:)/);
    const grafana = compose.services.grafana;
    if (grafana) {
      const volumes = (grafana.volumes ?? []).join(' ');
      expect(volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning');
      expect(volumes).toContain('./grafana/dashboards:/var/lib/grafana/dashboards');
    }
  });
});

describe.skipIf(dockerCompose.skip)('docker-compose config -q (Debian docker-compose 1.29)', () => {
  it('accepts the file', () => {
    expect(dockerCompose.path, dockerCompose.missing).toBeTruthy();
    // docker-compose 1.29 predates two Compose Specification features the generator uses
    // (top-level `name`, and env_file entries with `required: false`, Compose 2.24+):
    // give it the same file in its dialect — the project name as -p, optional env files
    // that exist as paths, missing ones dropped — and let it check everything else
    // (services, builds, healthchecks, ports, volumes, depends_on, interpolation).
    const v1 = structuredClone(compose);
    delete v1.name;
    for (const s of Object.values(v1.services)) {
      if (!s.env_file) continue;
      const files = s.env_file.flatMap((e) => {
        if (typeof e === 'string') return [e];
        return e.required === false && !existsSync(join(ROOT, 'docker', e.path)) ? [] : [e.path];
      });
      if (files.length > 0) s.env_file = files;
      else delete s.env_file;
    }
    const file = join(tmp, 'docker-compose.v1.yml');
    writeFileSync(file, stringify(v1));
    const r = run(dockerCompose.path!, ['-f', file, '--project-directory', join(ROOT, 'docker'), '-p', compose.name ?? 'mcp-fleet', 'config', '-q']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
