import { envCsv } from '@mcp/runtime';
import * as z from 'zod';
import { flagEnvSchema } from './flags/flag-schema.js';
import { JWT_ALGORITHMS } from './governance/jwt-auth.js';

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
  /**
   * SQLite durability: 'full' (default) puts every commit — audit rows included —
   * on disk before callers hear back; 'normal' survives process crashes only
   * (power loss may drop the last commits) for lower latency per call (0.6–1.3 ms measured when calls do not overlap).
   */
  GATEWAY_SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('full'),
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
  /** Issue 7 — OAuth resource-server mode: bearer JWTs verified against this JWKS (off when unset). */
  GATEWAY_JWT_JWKS_URL: z.url({ protocol: /^https?$/, error: 'GATEWAY_JWT_JWKS_URL must be an http(s) URL' }).optional(),
  /** Issue 7 — required `iss` of tokens (required with GATEWAY_JWT_JWKS_URL). */
  GATEWAY_JWT_ISSUER: z.string().min(1).optional(),
  /** Issue 7 — accepted `aud` values; default GATEWAY_RESOURCE_URL (one of the two is required with GATEWAY_JWT_JWKS_URL). */
  GATEWAY_JWT_AUDIENCE: envCsv.default([]),
  /** Issue 7 — accepted signature algorithms (asymmetric only). */
  GATEWAY_JWT_ALGORITHMS: envCsv.pipe(z.array(z.enum(JWT_ALGORITHMS))).default(['RS256', 'ES256']),
  /** Issue 7 — the claim with `ns:<glob>`, `tool:<glob>`, `read-only` entries (string or array); `scope` falls back to `scp`. */
  GATEWAY_JWT_SCOPE_CLAIM: z.string().min(1).default('scope'),
  GATEWAY_JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Issue 7 — minimum time between two JWKS refetches for an unknown key id (rotation). */
  GATEWAY_JWT_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
  GATEWAY_JWT_JWKS_CACHE_MS: z.coerce.number().int().min(1_000).default(600_000),
  GATEWAY_JWT_JWKS_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Issue 7 — canonical URL of this gateway's /mcp (token audience, Protected Resource Metadata `resource`). */
  GATEWAY_RESOURCE_URL: z.url({ protocol: /^https?$/, error: 'GATEWAY_RESOURCE_URL must be an http(s) URL' }).optional(),
  /** Issue 7 — `authorization_servers` of the Protected Resource Metadata; default GATEWAY_JWT_ISSUER. */
  GATEWAY_OAUTH_AUTHORIZATION_SERVERS: envCsv.default([]),
  /** Issue 7 — folder of workflow templates (*.json, *.yaml, *.yml), e.g. packages/gateway/workflows; none when unset. */
  GATEWAY_WORKFLOWS_DIR: z.string().min(1).optional(),
  /** Issue 7 — a workflow run's lease: a dead gateway's runs are resumed this long after its last heartbeat. */
  GATEWAY_WORKFLOW_LEASE_MS: z.coerce.number().int().min(500).default(15_000),
  /** Issue 7 — default timeout of one step attempt (a step may set its own timeoutMs). */
  GATEWAY_WORKFLOW_STEP_TIMEOUT_MS: z.coerce.number().int().min(1).default(120_000),
  /** Issue 6 — feature flags MCP_USE_NEW_SYSTEM, MCP_MIGRATION_MODE, MCP_BACKUP_VALIDATION, MCP_ENABLE_AUTO_ROLLBACK (docs/migration.md). */
  ...flagEnvSchema.shape,
  /** Issue 6 — canary routing: sliding window, calls needed for a verdict, error-rate margin, p95 regression (fraction) and its floor in ms. */
  GATEWAY_CANARY_WINDOW_MS: z.coerce.number().int().min(1_000).default(60_000),
  GATEWAY_CANARY_MIN_CALLS: z.coerce.number().int().min(1).default(20),
  GATEWAY_CANARY_ERROR_MARGIN: z.coerce.number().min(0).max(1).default(0.05),
  GATEWAY_CANARY_P95_REGRESSION: z.coerce.number().min(0).default(0.2),
  GATEWAY_CANARY_P95_MIN_DELTA_MS: z.coerce.number().min(0).default(5),
  /** Issue 6 — how often a replica re-reads state other processes write to the store: canary overrides (rollbacks, promotions, weights) and migration runs (metrics). */
  GATEWAY_STATE_POLL_MS: z.coerce.number().int().min(100).default(5_000),
});

export type GatewayEnv = z.infer<typeof envSchema>;
