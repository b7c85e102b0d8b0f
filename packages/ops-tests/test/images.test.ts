import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, ROOT, run, which } from './support.js';

/**
 * Production stages that install packages (so need the network at build time, and
 * cannot be smoke-built here with `podman build --network none`). Known and reported:
 * linux-cli installs procps for ps/free/uptime/vmstat.
 */
const NEEDS_NETWORK = new Set(['services/linux-cli/Dockerfile']);
const scripts = listFiles('scripts/ops', /\.sh$/);
const info = (args: string[]) => run(process.execPath, ['scripts/ops/package-info.mjs', ...args]);
const runnable = info(['--all'])
  .stdout.trim()
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [name, pkg, dir, port, dockerfile] = line.split('\t');
    return { name: name!, pkg: pkg!, dir: dir!, port: Number(port), dockerfile: dockerfile ?? '' };
  });

describe('ops scripts (scripts/ops)', () => {
  it.each(scripts.map((s) => [s.slice(ROOT.length + 1)]))('%s is valid bash', (script) => {
    const r = run('bash', ['-n', script]);
    expect(r.code, r.stderr).toBe(0);
  });

  it.skipIf(!which('shellcheck'))('shellcheck finds nothing', () => {
    const r = run('shellcheck', ['-x', '-S', 'warning', ...scripts]);
    expect(r.code, r.stdout).toBe(0);
  });

  it('knows every runnable package of the registry and the gateway', () => {
    expect(runnable.map((p) => p.name)).toContain('gateway');
    expect(runnable.find((p) => p.name === 'example')).toMatchObject({ pkg: '@mcp/example', port: 9001 });
  });

  it("renders the generator's Dockerfile template for a package that has none", () => {
    const r = info(['--dockerfile', '@mcp/example']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('{{');
    expect(r.stdout).toContain('--filter "@mcp/example"');
    expect(r.stdout).toContain('PORT=9001');
  });

  // image-smoke.sh stands in for the `build` stage (--build-context build=<pnpm deploy output>):
  // every Dockerfile must keep that contract, and the production stage's promises.
  it.each(runnable.filter((p) => p.dockerfile).map((p) => [p.dockerfile]))('%s keeps the contract image-smoke.sh builds on', (dockerfile) => {
    const text = readFileSync(join(ROOT, dockerfile), 'utf8');
    expect(text).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(text).toMatch(/^FROM \$\{NODE_IMAGE\} AS build$/m);
    expect(text).toMatch(/pnpm deploy .*--prod \/out/);
    const final = text.slice(text.lastIndexOf('\nFROM '));
    expect(final).toMatch(/^COPY --from=build \/out \.\/$/m);
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^HEALTHCHECK .*\n?.*\/health\/live/m);
    expect(final).toMatch(/^ENTRYPOINT \["node", "dist\/server\.js"\]$/m);
    const online = /^RUN .*(apt-get|npm install|pnpm (install|fetch))/m.test(final);
    expect(online, `${dockerfile}: the production stage needs the network, so it cannot be built offline`).toBe(NEEDS_NETWORK.has(dockerfile));
  });
});

/**
 * Builds and runs real images with podman (scripts/ops/image-smoke.sh): about 1–2 minutes
 * per package on two cores. Opt-in: MCP_IMAGE_SMOKE=gateway,example (or =1 for those two).
 * CI runs the script directly from .ci/run.
 */
const smoke = process.env.MCP_IMAGE_SMOKE;
const targets = smoke === '1' ? ['gateway', 'example'] : (smoke ?? '').split(',').filter(Boolean);

describe.skipIf(targets.length === 0)('image smoke (podman)', () => {
  it.each(targets.map((t) => [t]))(
    '%s: builds, answers /health/live from inside, runs as non-root, stops on SIGTERM within the drain deadline',
    (target) => {
      const r = run('bash', ['scripts/ops/image-smoke.sh', target], { timeoutMs: 15 * 60_000 });
      expect(r.code, r.stderr.slice(-4000)).toBe(0);
      expect(r.stderr).toContain('image smoke passed');
    },
    16 * 60_000,
  );
});
