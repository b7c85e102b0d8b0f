import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';

/**
 * PORTKEY_ADMIN_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. Secrets come from the environment
 * (or a secret store that fills it) and are redacted from logs by the runtime.
 */
export const envSchema = z.object({
  /** Control-plane API root: https://api.portkey.ai/v1, or a self-hosted control plane's URL. */
  PORTKEY_ADMIN_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.portkey.ai/v1'),
  /** Per-attempt deadline for upstream calls, in milliseconds. */
  PORTKEY_ADMIN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
  PORTKEY_ADMIN_READ_ONLY: envBoolean.default(false),
  /** Admin (organisation) or workspace API key, sent as `x-portkey-api-key`. */
  PORTKEY_ADMIN_API_KEY: z.string().min(1).optional(),
  /** Fallback when PORTKEY_ADMIN_API_KEY is not set (the variable Portkey's SDKs read). */
  PORTKEY_API_KEY: z.string().min(1).optional(),
  /** Workspace (ID or slug) used when a tool is called without one; org admin keys need it for workspace resources. */
  PORTKEY_ADMIN_WORKSPACE_ID: z.string().min(1).max(100).optional(),
  /** Organisation UUID for audit_logs when the call gives none (GET /audit-logs requires organisation_id). */
  PORTKEY_ADMIN_ORGANISATION_ID: z.string().min(1).max(100).optional(),
});

export type PortkeyAdminEnv = z.infer<typeof envSchema>;

/** The key in use and the variable it came from, so errors name the right one. */
export function apiKeyOf(env: PortkeyAdminEnv): { key: string; variable: 'PORTKEY_ADMIN_API_KEY' | 'PORTKEY_API_KEY' } | undefined {
  if (env.PORTKEY_ADMIN_API_KEY) return { key: env.PORTKEY_ADMIN_API_KEY, variable: 'PORTKEY_ADMIN_API_KEY' };
  if (env.PORTKEY_API_KEY) return { key: env.PORTKEY_API_KEY, variable: 'PORTKEY_API_KEY' };
  return undefined;
}

/**
 * Required settings that are not set. The service still starts, reports
 * `degraded` on /health naming them, and its tools answer with that message
 * instead of calling the upstream.
 */
export function missingConfig(env: PortkeyAdminEnv): string[] {
  return apiKeyOf(env) ? [] : ['PORTKEY_ADMIN_API_KEY (or PORTKEY_API_KEY)'];
}
