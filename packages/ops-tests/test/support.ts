import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const IN_CI = process.env.CI === 'true';

export const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): RunResult {
  const r = spawnSync(cmd, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(options.input !== undefined && { input: options.input }),
  });
  if (r.error) return { code: 127, stdout: '', stderr: String(r.error.message) };
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** An executable on PATH (or undefined). */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A system tool the tests need. Outside CI a missing tool skips its tests (with the
 * reason printed once); under CI=true it is a failure, because .ci/run installs it.
 */
export function systemTool(name: string, debianPackage: string): { path: string | undefined; skip: boolean; missing: string } {
  const path = which(name);
  const missing = `${name} is not installed (Debian: apt-get install -y ${debianPackage})`;
  if (!path && !IN_CI) console.warn(`skipping the ${name} tests: ${missing}`);
  return { path, skip: !path && !IN_CI, missing };
}

/** Files under a folder (relative to the root) whose name matches. */
export function listFiles(dir: string, match: RegExp): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && match.test(entry.name)) out.push(join(entry.parentPath ?? (entry as { path?: string }).path ?? abs, entry.name));
  }
  return out.sort();
}
