import { posix } from 'node:path';
import { ForbiddenError, type HealthCheckOptions, InvalidInputError, type RuntimeKit } from '@mcp/runtime';
import { type LinuxCliEnv, missingConfig } from './env.js';
import { LocalTarget } from './exec/local.js';
import { SshTarget } from './exec/ssh.js';
import type { Target } from './exec/target.js';
import { parseAllowlist } from './validator/commands.js';
import { confine } from './validator/paths.js';
import { Refusal } from './validator/types.js';
import { validate } from './validator/validate.js';

/** The runtime's tool error for a refusal: the rule id travels in the details, the message says why. */
export function refusalError(refusal: Refusal): ForbiddenError {
  return new ForbiddenError(`Refused (${refusal.rule}): ${refusal.message}`, { hint: refusal.hint, details: { rule: refusal.rule } });
}

/** Runs `fn`, turning validator refusals into tool errors. */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Refusal) throw refusalError(error);
    throw error;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC
const ANSI = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-_]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Terminal escape sequences and stray control characters removed: output is untrusted text shown to a model and to people. */
export function cleanText(buffer: Buffer): string {
  return buffer.toString('utf8').replace(ANSI, '').replace(CONTROL, '');
}

/**
 * The linux-cli "client": the local machine and the SSH hosts as targets,
 * the validator's configuration, and the limits. Built once at start-up.
 */
export function createLinuxCliClient(kit: RuntimeKit<LinuxCliEnv>, source: Record<string, string | undefined> = process.env) {
  const { env } = kit;
  const allowlist = parseAllowlist(env.LINUX_CLI_ALLOWED_COMMANDS);
  const local = new LocalTarget(env.LINUX_CLI_ROOTS ?? [], env.LINUX_CLI_ALLOW_SHELL, env.LINUX_CLI_PATH);
  const hosts = new Map<string, SshTarget>(
    Object.entries(env.LINUX_CLI_SSH_HOSTS).map(([name, config]) => [
      name,
      new SshTarget(name, config, {
        env: source,
        knownHostsPath: env.LINUX_CLI_KNOWN_HOSTS,
        allowShell: env.LINUX_CLI_ALLOW_SHELL,
        path: env.LINUX_CLI_PATH,
        connectTimeoutMs: Math.min(env.LINUX_CLI_TIMEOUT_MS, 15_000),
      }),
    ]),
  );
  kit.onShutdown(async () => {
    await Promise.all([...hosts.values()].map((h) => h.close()));
  });

  const target = (name: string | undefined): Target => {
    if (!name || name === 'local') return local;
    const host = hosts.get(name);
    if (!host)
      throw new InvalidInputError(`Unknown host "${name}".`, { hint: `Known hosts: local${[...hosts.keys()].map((h) => `, ${h}`).join('')} (list_hosts).` });
    return host;
  };

  return {
    env,
    allowlist,
    local,
    hosts,
    target,
    /** Deadline for one command: the caller's wish, never above LINUX_CLI_TIMEOUT_MS. */
    timeout: (requested?: number) => Math.min(requested ?? env.LINUX_CLI_TIMEOUT_MS, env.LINUX_CLI_TIMEOUT_MS),
    maxBytes: env.LINUX_CLI_MAX_OUTPUT_BYTES,
    /** The validator against a target's roots and shell policy; throws a ForbiddenError naming the rule. */
    async validate(command: string, on: Target, cwd?: string) {
      return guarded(async () => validate(command, cwd, { allowlist, allowShell: on.allowShell, roots: await on.roots(), resolver: on }));
    },
    /** One path confined to the target's roots (no "..", no symlink escape, no credential path); canonical. */
    async confinePath(on: Target, path: string): Promise<{ path: string; root: string }> {
      return guarded(async () => {
        const roots = await on.roots();
        const [real] = await confine(roots[0] ?? '/', [path], roots, on);
        const root = roots.filter((r) => real === r || (real as string).startsWith(r === '/' ? '/' : `${r}/`)).sort((a, b) => b.length - a.length)[0] as string;
        return { path: real as string, root };
      });
    },
    /** Where the copy of `path` goes before a write: <root>/<backup dir>/<path below root>.<UTC timestamp>. */
    backupPathFor(path: string, root: string): string {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return posix.join(root, env.LINUX_CLI_BACKUP_DIR, `${posix.relative(root, path)}.${stamp}`);
    },
    isBackup(path: string, root: string): boolean {
      const dir = posix.join(root, env.LINUX_CLI_BACKUP_DIR);
      return path === dir || path.startsWith(`${dir}/`);
    },
  };
}

export type LinuxCliClient = ReturnType<typeof createLinuxCliClient>;

/** /health components: the local roots and a harmless command; each SSH host reachable with its pinned key. */
export function healthChecks(client: LinuxCliClient): Record<string, HealthCheckOptions> {
  const checks: Record<string, HealthCheckOptions> = {
    local: {
      cacheMs: 30_000,
      timeoutMs: 5_000,
      check: async () => {
        const missing = missingConfig(client.env);
        if (missing.length > 0) return { status: 'degraded', message: `not checked: ${missing.join(', ')} not set` };
        const probe = await probeTarget(client.local);
        return probe.ok
          ? { status: 'healthy', latencyMs: probe.latencyMs, metadata: { identity: probe.identity, kernel: probe.kernel, roots: probe.roots } }
          : { status: 'unhealthy', latencyMs: probe.latencyMs, message: probe.error };
      },
    },
  };
  for (const [name, host] of client.hosts) {
    checks[`ssh:${name}`] = {
      cacheMs: 30_000,
      timeoutMs: 15_000,
      check: async () => {
        const probe = await probeTarget(host);
        return probe.ok
          ? { status: 'healthy', latencyMs: probe.latencyMs, metadata: { identity: probe.identity, kernel: probe.kernel } }
          : { status: 'degraded', latencyMs: probe.latencyMs, message: probe.error };
      },
    };
  }
  return checks;
}

export interface Probe {
  ok: boolean;
  latencyMs: number;
  identity?: string;
  kernel?: string;
  roots?: string[];
  error?: string;
}

/** The cheapest proof a target works: roots resolve and `uname -sr` / `id -un` run there. */
export async function probeTarget(on: Target, signal?: AbortSignal): Promise<Probe> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    const roots = await on.roots();
    const missingRoot = [];
    for (const root of roots) if ((await on.stat(root))?.type !== 'directory') missingRoot.push(root);
    if (missingRoot.length > 0) return { ok: false, latencyMs: latencyMs(), roots, error: `root(s) not found or not directories: ${missingRoot.join(', ')}` };
    const options = { cwd: roots[0] as string, timeoutMs: 5_000, maxBytes: 4096, signal };
    const uname = await on.run({ segments: [['uname', '-sr']], operators: [] }, options);
    const id = await on.run({ segments: [['id', '-un']], operators: [] }, options);
    const identity = `${cleanText(id.stdout).trim()}@${on.name}`;
    return {
      ok: uname.exitCode === 0,
      latencyMs: latencyMs(),
      identity,
      kernel: cleanText(uname.stdout).trim(),
      roots,
      ...(uname.exitCode !== 0 && { error: cleanText(uname.stderr).trim() }),
    };
  } catch (error) {
    return { ok: false, latencyMs: latencyMs(), error: (error as Error).message };
  }
}
