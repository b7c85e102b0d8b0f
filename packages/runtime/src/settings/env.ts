import * as z from 'zod';

/**
 * Settings every service reads, unprefixed (ARCHITECTURE.md): bind address,
 * logging, inbound auth and tool filters. Parsed once at start-up.
 */
const booleanFromEnv = z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export const sharedSettingsSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MCP_API_KEYS: csv.default([]),
  MCP_ALLOWED_ORIGINS: csv.default([]),
  MCP_ALLOWED_HOSTS: csv.default([]),
  MCP_ALLOW_PUBLIC_BIND: booleanFromEnv.default(false),
  MCP_READ_ONLY: booleanFromEnv.default(false),
  MCP_TOOLS: csv.default([]),
  MCP_EXCLUDE_TOOLS: csv.default([]),
  MCP_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  MCP_TOOL_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  MCP_SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(10_000),
  MCP_LARGE_RESULT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024),
  MCP_BLOCK_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  MCP_BLOCK_TTL_SECONDS: z.coerce.number().int().positive().default(900),
  MCP_BLOCK_STORE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  MCP_LIST_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(60),
  /** The 2026-07-28 fast path (transport/fast-path.ts); `false` sends every request through the SDK entry. */
  MCP_FAST_PATH: booleanFromEnv.default(true),
  REDIS_URL: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
});

export type SharedSettings = z.infer<typeof sharedSettingsSchema>;

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/**
 * Parses `env` against a schema. On failure throws a SettingsError whose message
 * is one line naming the first offending variable, as the issue asks: an
 * operator reading a crash-looping pod's log sees at once what to fix.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv | Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(normaliseEmpty(env));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = issue?.path.map(String).join('.') || '(settings)';
  const raw = issue?.path.length === 1 ? (env as Record<string, string | undefined>)[String(issue.path[0])] : 'present';
  const value = raw === undefined || raw === '' ? 'is missing' : 'is invalid';
  const reason = issue?.message ?? 'invalid value';
  throw new SettingsError(`Invalid configuration: ${variable} ${value} (${reason})`);
}

/** Empty strings in the env mean "unset", as in docker compose env files. */
function normaliseEmpty(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) out[k] = v === '' ? undefined : v;
  return out;
}

export function parseSharedSettings(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): SharedSettings {
  return parseEnv(sharedSettingsSchema, env);
}

/** Helper for service env schemas: booleans as operators write them. */
export const envBoolean = booleanFromEnv;
export const envCsv = csv;

/** Upper-snake prefix from a kebab or snake service name: `ai-memory` → `AI_MEMORY_`. */
export function envPrefix(service: string): string {
  return `${service.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_`;
}
