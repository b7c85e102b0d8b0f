import * as z from 'zod';

/**
 * The gateway's env and the CLI read the flags alike: case and surrounding
 * blanks do not matter, and an empty value means unset (the default), as
 * `MCP_USE_NEW_SYSTEM=` in an env file or a compose file reads.
 */
const normalize = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v);

const bool = (fallback: 'true' | 'false') =>
  z.preprocess(
    normalize,
    z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default(fallback)
      .transform((v) => v === 'true'),
  );

export const migrationModeSchema = z.enum(['safe', 'full', 'rollback'], { message: 'must be safe, full or rollback' });

/**
 * The migration-safety feature flags (issue 6), read from the environment at
 * start-up and validated; unknown values fail with a message naming the
 * variable. See docs/migration.md.
 */
export const flagEnvSchema = z.object({
  /** Route through the new registry and services (true) or pass through to the legacy backends as configured (false). */
  MCP_USE_NEW_SYSTEM: bool('true'),
  /** safe: any failure restores the backup; full: write, keep the backup, restore only with auto-rollback; rollback: imports refused, `migrate` restores the latest backup. */
  MCP_MIGRATION_MODE: z.preprocess(normalize, migrationModeSchema.default('safe')),
  /** Read every backup back and check its hashes before writing anything. */
  MCP_BACKUP_VALIDATION: bool('true'),
  /** Restore the backup on failure even outside safe mode (and roll canaries back automatically). */
  MCP_ENABLE_AUTO_ROLLBACK: bool('false'),
});

export type Flags = z.infer<typeof flagEnvSchema>;
export type FlagName = keyof Flags;
export const FLAG_NAMES = Object.keys(flagEnvSchema.shape) as FlagName[];

/** Parses the flags from an env map; throws one Error listing every bad variable. */
export function parseFlags(env: Record<string, string | undefined>): Flags {
  const picked: Record<string, string> = {};
  for (const name of FLAG_NAMES) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value.trim().toLowerCase();
  }
  const parsed = flagEnvSchema.safeParse(picked);
  if (parsed.success) return parsed.data;
  throw new Error(
    `invalid feature flags: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message} (got "${picked[String(i.path[0])]}")`).join('; ')}`,
  );
}

/** Whether a failed migration restores its backup by itself. */
export function autoRollbackEnabled(flags: Flags): boolean {
  return flags.MCP_MIGRATION_MODE === 'safe' || flags.MCP_ENABLE_AUTO_ROLLBACK;
}
