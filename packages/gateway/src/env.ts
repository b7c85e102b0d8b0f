import { envCsv } from '@mcp/runtime';
import * as z from 'zod';
import { flagEnvSchema } from './flags/flag-schema.js';

/** A rate as "<calls>/<seconds>" (issue 7). */
const rateSpec = z.string().regex(/^\d+\s*\/\s*\d+$/, 'use <calls>/<seconds>, e.g. 10/1');

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
  /** Issue 7 — rate limit per identity, "<calls>/<seconds>" (e.g. 600/60); off when unset. Shared via REDIS_URL. */
  GATEWAY_RATE_LIMIT_IDENTITY: rateSpec.optional(),
  /** Issue 7 — rate limit per identity and tool, "<calls>/<seconds>"; off when unset. */
  GATEWAY_RATE_LIMIT_TOOL: rateSpec.optional(),
  /** Issue 7 — audit rows waiting for the store before callers wait (backpressure). */
  GATEWAY_AUDIT_QUEUE: z.coerce.number().int().min(1).default(10_000),
  /** Issue 7 — which calls wait for a person: 'destructive' (annotated destructive) or 'off' (only GATEWAY_APPROVAL_TOOLS). */
  GATEWAY_APPROVAL_POLICY: z.enum(['destructive', 'off']).default('destructive'),
  /** Issue 7 — namespaced tool globs that always need approval. */
  GATEWAY_APPROVAL_TOOLS: envCsv.default([]),
  /** Issue 7 — a pending approval is denied after this; keep it below MCP_TOOL_TIMEOUT_MS, which bounds the whole call. */
  GATEWAY_APPROVAL_TIMEOUT_MS: z.coerce.number().int().positive().default(50_000),
  /** Issue 6 — feature flags MCP_USE_NEW_SYSTEM, MCP_MIGRATION_MODE, MCP_BACKUP_VALIDATION, MCP_ENABLE_AUTO_ROLLBACK (docs/migration.md). */
  ...flagEnvSchema.shape,
  /** Issue 6 — canary routing: sliding window, calls needed for a verdict, error-rate margin, p95 regression (fraction) and its floor in ms. */
  GATEWAY_CANARY_WINDOW_MS: z.coerce.number().int().min(1_000).default(60_000),
  GATEWAY_CANARY_MIN_CALLS: z.coerce.number().int().min(1).default(20),
  GATEWAY_CANARY_ERROR_MARGIN: z.coerce.number().min(0).max(1).default(0.05),
  GATEWAY_CANARY_P95_REGRESSION: z.coerce.number().min(0).default(0.2),
  GATEWAY_CANARY_P95_MIN_DELTA_MS: z.coerce.number().min(0).default(5),
});

export type GatewayEnv = z.infer<typeof envSchema>;
