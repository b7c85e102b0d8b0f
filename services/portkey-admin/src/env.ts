import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';

/**
 * PORTKEY_ADMIN_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. Secrets come from the environment
 * (or a secret store that fills it) and are redacted from logs by the runtime.
 */
export const envSchema = z.object({
  /** Upstream origin plus optional path prefix (override for tests, enterprise or self-hosted installs). */
  PORTKEY_ADMIN_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.portkey.ai/v1'),
  /** Per-attempt deadline for upstream calls, in milliseconds. */
  PORTKEY_ADMIN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
  PORTKEY_ADMIN_READ_ONLY: envBoolean.default(false),
  /** API key sent in the `X-API-Key` header. */
  PORTKEY_ADMIN_API_KEY: z.string().min(1).optional(),
});

export type PortkeyAdminEnv = z.infer<typeof envSchema>;

/**
 * Required settings that are not set. The service still starts, reports
 * `degraded` on /health naming them, and its tools answer with that message
 * instead of calling the upstream.
 */
export function missingConfig(env: PortkeyAdminEnv): string[] {
  const missing: string[] = [];
  if (!env.PORTKEY_ADMIN_API_KEY) missing.push('PORTKEY_ADMIN_API_KEY');
  return missing;
}
