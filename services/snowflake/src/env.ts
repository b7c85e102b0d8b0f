import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';

/**
 * SNOWFLAKE_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. Secrets come from the environment
 * (or a secret store that fills it) and are redacted from logs by the runtime.
 */
export const envSchema = z.object({
  /** Upstream origin plus optional path prefix (override for tests, enterprise or self-hosted installs). */
  SNOWFLAKE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Per-attempt deadline for upstream calls, in milliseconds. */
  SNOWFLAKE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
  SNOWFLAKE_READ_ONLY: envBoolean.default(false),
  /** Bearer token sent as `Authorization: Bearer <token>`. */
  SNOWFLAKE_TOKEN: z.string().min(1).optional(),
});

export type SnowflakeEnv = z.infer<typeof envSchema>;

/**
 * Required settings that are not set. The service still starts, reports
 * `degraded` on /health naming them, and its tools answer with that message
 * instead of calling the upstream.
 */
export function missingConfig(env: SnowflakeEnv): string[] {
  const missing: string[] = [];
  if (!env.SNOWFLAKE_BASE_URL) missing.push('SNOWFLAKE_BASE_URL');
  if (!env.SNOWFLAKE_TOKEN) missing.push('SNOWFLAKE_TOKEN');
  return missing;
}
