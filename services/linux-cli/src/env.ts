import { isAbsolute } from 'node:path';
import { envBoolean, envCsv } from '@mcp/runtime';
import * as z from 'zod';
import { hostsSchema } from './hosts.js';

/** Read commands allowed when LINUX_CLI_ALLOWED_COMMANDS is unset, plus a few reversible writes (run only through the destructive tool). */
export const DEFAULT_ALLOWED_COMMANDS = [
  'ls cat head tail grep egrep fgrep wc stat file find du df free uptime ps pgrep uname id whoami hostname date pwd echo',
  'sort uniq cut tr diff cmp md5sum sha256sum basename dirname realpath readlink lsblk lscpu nproc findmnt ss ip vmstat',
  'journalctl systemctl sed nl tac column jq mkdir touch cp mv',
]
  .join(' ')
  .split(' ')
  .join(',');

const absolutePaths = envCsv.pipe(z.array(z.string().refine((p) => isAbsolute(p), 'every root must be an absolute path')));

/**
 * LINUX_CLI_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. A local service: there is no
 * upstream base URL, the "upstream" is this machine and the SSH hosts.
 */
export const envSchema = z.object({
  /** Directories the file tools and command paths are confined to (comma-separated, absolute). Required. */
  LINUX_CLI_ROOTS: absolutePaths.optional(),
  /** Commands allowed (comma-separated names; `name:read` declares an unknown command read-only). Dangerous ones stay refused. */
  LINUX_CLI_ALLOWED_COMMANDS: envCsv.default(DEFAULT_ALLOWED_COMMANDS.split(',')),
  /** Allow pipelines and `&&`/`||` between validated commands (run by /bin/sh -c after re-quoting every argument). */
  LINUX_CLI_ALLOW_SHELL: envBoolean.default(false),
  /** Upper bound of a command's run time in milliseconds (tools may ask for less). */
  LINUX_CLI_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Cap of stdout and of stderr per command, in bytes; past it the process is killed and the output marked truncated. */
  LINUX_CLI_MAX_OUTPUT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** SSH hosts as JSON: `{ "<name>": { host, port, username, privateKeyPath | passwordEnv, hostKeySha256 | knownHostsPath, roots } }`. */
  LINUX_CLI_SSH_HOSTS: hostsSchema.default({}),
  /** An OpenSSH known_hosts file used for hosts without a pinned hostKeySha256. */
  LINUX_CLI_KNOWN_HOSTS: z.string().optional(),
  /** PATH commands are resolved on (a fixed, root-owned PATH by default: never the caller's). */
  LINUX_CLI_PATH: z.string().default('/usr/sbin:/usr/bin:/sbin:/bin'),
  /** Where write tools keep the copy of a file before changing it, relative to the root holding the file. */
  LINUX_CLI_BACKUP_DIR: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'a single directory name')
    .default('.linux-cli-backups'),
  /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
  LINUX_CLI_READ_ONLY: envBoolean.default(false),
});

export type LinuxCliEnv = z.infer<typeof envSchema>;

/**
 * Required settings that are not set. The service still starts, reports
 * `degraded` on /health naming them, and its tools answer with that message.
 */
export function missingConfig(env: LinuxCliEnv): string[] {
  return env.LINUX_CLI_ROOTS && env.LINUX_CLI_ROOTS.length > 0 ? [] : ['LINUX_CLI_ROOTS'];
}
