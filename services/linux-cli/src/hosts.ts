import { isAbsolute } from 'node:path';
import * as z from 'zod';

/** One SSH host of LINUX_CLI_SSH_HOSTS. Secrets are never in this JSON: only the names of the variables holding them. */
export const hostConfigSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(22),
    username: z.string().min(1),
    /** Private key file (OpenSSH or PEM). */
    privateKeyPath: z.string().optional(),
    /** Name of the variable holding the key's passphrase. */
    passphraseEnv: z.string().optional(),
    /** Name of the variable holding the password (key auth is preferred). */
    passwordEnv: z.string().optional(),
    /** Pinned host key fingerprint, as `ssh-keygen -lf` prints it: `SHA256:…`. */
    hostKeySha256: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'SHA256:<base64 fingerprint>')
      .optional(),
    /** known_hosts file for this host (else LINUX_CLI_KNOWN_HOSTS). */
    knownHostsPath: z.string().optional(),
    /** Remote directories the tools are confined to (absolute). */
    roots: z.array(z.string().refine((p) => isAbsolute(p) && p.startsWith('/'), 'absolute POSIX path')).min(1),
    /** Allow validated pipelines on this host (defaults to LINUX_CLI_ALLOW_SHELL). */
    allowShell: z.boolean().optional(),
    /** Concurrent commands on this host. */
    maxConcurrency: z.number().int().min(1).max(8).default(2),
  })
  .strict()
  .refine((h) => h.privateKeyPath || h.passwordEnv, 'privateKeyPath or passwordEnv is required');

export type HostConfig = z.infer<typeof hostConfigSchema>;

const HOST_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

/** LINUX_CLI_SSH_HOSTS: a JSON object of host name → settings. */
export const hostsSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z
        .string()
        .regex(HOST_NAME, 'host names are lower-case letters, digits, - and _')
        .refine((n) => n !== 'local', '"local" is reserved'),
      hostConfigSchema,
    ),
  );
