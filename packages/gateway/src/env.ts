import { envCsv } from '@mcp/runtime';
import * as z from 'zod';

/** Gateway settings (shared runtime settings — HOST, PORT, MCP_API_KEYS… — apply as for any service). */
export const envSchema = z.object({
  /** The registry file (Claude Code's .mcp.json format). */
  MCP_CONFIG: z.string().default('./.mcp.json'),
  /** PostgreSQL for real deployments; SQLite under ./data otherwise. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  GATEWAY_SQLITE_PATH: z.string().default('./data/gateway.sqlite'),
  /** Keys for the admin API (X-API-Key); without any, the admin API serves loopback binds only. */
  GATEWAY_ADMIN_API_KEYS: envCsv.default([]),
  GATEWAY_RELOAD_DEBOUNCE_MS: z.coerce.number().int().min(0).default(200),
  GATEWAY_HEALTH_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  GATEWAY_BACKEND_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Watch the registry file for changes (on by default). */
  GATEWAY_WATCH: z.enum(['true', 'false']).default('true'),
});

export type GatewayEnv = z.infer<typeof envSchema>;
