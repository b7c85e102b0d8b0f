import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PNPM_VERSION = '10.34.9';

/**
 * How to run pnpm from a script: the pnpm that launched us (npm_execpath) when
 * there is one, else `npx -y pnpm@<pinned>` — corepack is not usable here, and
 * the quick start must work with only Node and npm installed.
 */
export function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath) && existsSync(execPath)) return [process.execPath, [execPath]];
  return ['npx', ['-y', `pnpm@${PNPM_VERSION}`]];
}

export const childEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

export function runPnpm(args, options = {}) {
  const [cmd, base] = pnpmCommand();
  const r = spawnSync(cmd, [...base, ...args], { cwd: ROOT, stdio: 'inherit', env: childEnv, ...options });
  return r.status ?? 1;
}

export function spawnPnpm(args, options = {}) {
  const [cmd, base] = pnpmCommand();
  return spawn(cmd, [...base, ...args], { cwd: ROOT, env: childEnv, ...options });
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  if (existsSync(join(ROOT, 'node_modules/.modules.yaml')) && process.env.MCP_SKIP_INSTALL === '1') return;
  const frozen = process.env.CI === 'true' ? ['--frozen-lockfile'] : [];
  const status = runPnpm(['install', ...frozen]);
  if (status !== 0) throw new Error(`pnpm install failed with status ${status}`);
}
