import { InvalidInputError } from '@mcp/runtime';
import { cleanText, type LinuxCliClient } from './client.js';
import type { Target } from './exec/target.js';
import type { CommandResult } from './models.js';
import { serialize } from './validator/tokenize.js';
import type { Parsed, Plan } from './validator/types.js';

const MAX_BACKUPS = 16;

/** Runs a validated plan on a target and shapes the answer. */
export async function runPlan(
  client: LinuxCliClient,
  on: Target,
  plan: Plan,
  options: { timeoutMs?: number; signal?: AbortSignal; backups?: CommandResult['backups'] },
): Promise<CommandResult> {
  const result = await on.run(plan, { cwd: plan.cwd, timeoutMs: client.timeout(options.timeoutMs), maxBytes: client.maxBytes, signal: options.signal });
  return {
    host: on.name,
    command: serialize(plan),
    argv: plan.segments,
    class: plan.class,
    cwd: plan.cwd,
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    truncated: result.truncated,
    durationMs: result.durationMs,
    stdout: cleanText(result.stdout),
    stderr: cleanText(result.stderr),
    ...(options.backups && { backups: options.backups }),
  };
}

/** Runs a fixed command of a dedicated tool (system_info, tail_logs…) in the first root; arguments were checked by the tool's schema. */
export async function runFixed(client: LinuxCliClient, on: Target, parsed: Parsed, options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  const [cwd] = await on.roots();
  const result = await on.run(parsed, { cwd: cwd as string, timeoutMs: client.timeout(options.timeoutMs), maxBytes: client.maxBytes, signal: options.signal });
  return { ...result, stdoutText: cleanText(result.stdout), stderrText: cleanText(result.stderr) };
}

/**
 * Copies every existing file or directory a write command names into the
 * backup directory of its root, before the command runs.
 */
export async function backUp(client: LinuxCliClient, on: Target, paths: readonly string[]): Promise<NonNullable<CommandResult['backups']>> {
  const roots = await on.roots();
  const existing: Array<{ path: string; root: string }> = [];
  for (const path of new Set(paths)) {
    const root = roots.filter((r) => path === r || path.startsWith(r === '/' ? '/' : `${r}/`)).sort((a, b) => b.length - a.length)[0];
    if (!root || client.isBackup(path, root)) continue;
    if (await on.stat(path)) existing.push({ path, root });
  }
  if (existing.length > MAX_BACKUPS)
    throw new InvalidInputError(`The command names ${existing.length} existing files; at most ${MAX_BACKUPS} are backed up per call.`, {
      hint: 'Run it on fewer files at a time.',
    });
  const backups = [];
  for (const { path, root } of existing) {
    const backup = client.backupPathFor(path, root);
    await on.copyFile(path, backup);
    backups.push({ path, backup });
  }
  return backups;
}
