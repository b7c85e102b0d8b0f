import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository these tests belong to (the source of the copy). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PNPM_VERSION = '10.34.9';
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', '.git', '.cache', 'coverage']);

/**
 * The environment of the commands run in the copy: without this test runner's
 * own variables (a nested vitest or plop would read them) and without CI, so a
 * freshly stamped service records its first schema snapshot as a developer's
 * first run does (under CI a missing snapshot fails, by design).
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_ENV' || key === 'CI' || key === 'TEST') delete env[key];
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion (async, so servers in this process keep answering). */
export function run(cmd: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

/** pnpm as the root scripts run it: the pnpm running these tests, else the pinned one through npx. */
export function pnpm(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath) && existsSync(execPath)) return run(process.execPath, [execPath, ...args], options);
  return run('npx', ['-y', `pnpm@${PNPM_VERSION}`, ...args], options);
}

/** The generator run the way `pnpm gen` runs it (plop from the copy's root), stdin closed: never a prompt. */
export function plop(root: string, args: string[]): Promise<RunResult> {
  return run(process.execPath, [join(root, 'node_modules/plop/bin/plop.js'), ...args], { cwd: root, timeoutMs: 60_000 });
}

function walk(root: string, dir = root, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(root, join(dir, entry.name), out);
    } else if (entry.isFile()) out.push(relative(root, join(dir, entry.name)));
  }
  return out;
}

/**
 * A copy of the repository as it is on disk (tracked and untracked files that
 * git does not ignore, so uncommitted work is tested too), without node_modules.
 * The built output of the workspace packages services depend on is copied as
 * well: turbo builds them before this package's tests (`^build`).
 */
export function copyRepository(): string {
  const dest = mkdtempSync(join(tmpdir(), 'mcp-gen-'));
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const files = listed.status === 0 ? listed.stdout.split('\0').filter(Boolean) : walk(REPO_ROOT);
  for (const file of files) {
    const source = join(REPO_ROOT, file);
    if (!existsSync(source) || !statSync(source).isFile()) continue; // deleted in the working tree
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(source, join(dest, file));
  }
  for (const pkg of ['packages/runtime', 'packages/testing']) {
    const dist = join(REPO_ROOT, pkg, 'dist');
    if (existsSync(dist) && existsSync(join(dest, pkg))) cpSync(dist, join(dest, pkg, 'dist'), { recursive: true });
  }
  return dest;
}

/** Content hash of every file outside node_modules, dist, .turbo: "nothing changed" means equal maps. */
export function treeHashes(root: string): Map<string, string> {
  return new Map(
    walk(root).map((file) => [
      file,
      createHash('sha256')
        .update(readFileSync(join(root, file)))
        .digest('hex'),
    ]),
  );
}

export function diffTrees(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [file, hash] of after) if (before.get(file) !== hash) changed.push(before.has(file) ? `modified ${file}` : `added ${file}`);
  for (const file of before.keys()) if (!after.has(file)) changed.push(`deleted ${file}`);
  return changed;
}

/** The lines a command printed, without blank ones and plop's empty spinner frames. */
export function outputLines(result: RunResult): string[] {
  return `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== '-');
}
