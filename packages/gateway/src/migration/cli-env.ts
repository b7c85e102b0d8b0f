import * as z from 'zod';

const unsetIfEmpty = (v: unknown) => (typeof v === 'string' ? v.trim() || undefined : v);

/**
 * The CLI's own settings besides the flags, validated before anything runs: a
 * mistyped webhook would otherwise surface only when a migration fails, as a
 * warning nobody reads, and the failure would go unreported.
 */
export const cliEnvSchema = z.object({
  MCP_ALERT_WEBHOOK_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }).optional()),
  MCP_BACKUP_DIR: z.preprocess(unsetIfEmpty, z.string().optional()),
});

export type CliEnv = z.infer<typeof cliEnvSchema>;

/** Throws one Error naming every bad variable (never echoing its value: webhook URLs often carry a token). */
export function parseCliEnv(env: Record<string, string | undefined>): CliEnv {
  const parsed = cliEnvSchema.safeParse({ MCP_ALERT_WEBHOOK_URL: env.MCP_ALERT_WEBHOOK_URL, MCP_BACKUP_DIR: env.MCP_BACKUP_DIR });
  if (parsed.success) return parsed.data;
  throw new Error(`invalid settings: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
}
