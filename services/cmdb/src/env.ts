import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';

/**
 * CMDB_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. Secrets come from the environment
 * (or a secret store that fills it) and are redacted from logs by the runtime.
 */
export const envSchema = z.object({
  /** Upstream origin plus optional path prefix (override for tests, enterprise or self-hosted installs). */
  CMDB_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Per-attempt deadline for upstream calls, in milliseconds. */
  CMDB_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
  CMDB_READ_ONLY: envBoolean.default(false),
});

export type CmdbEnv = z.infer<typeof envSchema>;

/**
 * Required settings that are not set. The service still starts, reports
 * `degraded` on /health naming them, and its tools answer with that message
 * instead of calling the upstream.
 */
export function missingConfig(env: CmdbEnv): string[] {
  const missing: string[] = [];
  if (!env.CMDB_BASE_URL) missing.push('CMDB_BASE_URL');
  return missing;
}
