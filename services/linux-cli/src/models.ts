import * as z from 'zod';

/** Which machine: "local" (default) or a host name from LINUX_CLI_SSH_HOSTS. */
export const hostInput = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/)
  .optional()
  .describe('Target machine: "local" (default) or an SSH host name from list_hosts');

/** A command's outcome, as run_command and run_write_command return it. Output is untrusted text. */
export const commandResult = z.object({
  host: z.string(),
  command: z.string().describe('The validated command as executed, every argument quoted'),
  argv: z.array(z.array(z.string())).describe('The validated simple commands'),
  class: z.enum(['read', 'write']),
  cwd: z.string(),
  exitCode: z.number().int().nullable().describe('null when killed by a signal'),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  truncated: z.boolean().describe('Output over LINUX_CLI_MAX_OUTPUT_BYTES: the process was killed and the output cut'),
  durationMs: z.number(),
  stdout: z.string(),
  stderr: z.string(),
  backups: z
    .array(z.object({ path: z.string(), backup: z.string() }))
    .optional()
    .describe('Files copied before a write command ran'),
});

export type CommandResult = z.infer<typeof commandResult>;

export function renderCommand(o: CommandResult): string {
  const status = o.timedOut ? 'timed out' : o.exitCode === null ? `killed by ${o.signal}` : `exit ${o.exitCode}`;
  const notes = [o.truncated ? 'output truncated' : '', o.backups?.length ? `backed up: ${o.backups.map((b) => b.backup).join(', ')}` : ''].filter(Boolean);
  const parts = [`$ ${o.command}  (${o.host}, ${status}, ${o.durationMs} ms${notes.length ? `; ${notes.join('; ')}` : ''})`];
  if (o.stdout) parts.push(o.stdout);
  if (o.stderr) parts.push(`[stderr]\n${o.stderr}`);
  return parts.join('\n');
}
