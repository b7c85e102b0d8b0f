import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';

/**
 * EDGELAKE_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. Secrets come from the environment
 * (or a secret store that fills it) and are redacted from logs by the runtime.
 */
export const envSchema = z.object({
  /** REST address of the node to talk to; a query node (docker-compose default port 32349) runs network queries. */
  EDGELAKE_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:32349'),
  /** Logical database tools use when none is given. */
  EDGELAKE_DEFAULT_DBMS: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a logical database name')
    .optional(),
  /** Basic auth, only if the node's REST server enables it. */
  EDGELAKE_USERNAME: z.string().min(1).optional(),
  EDGELAKE_PASSWORD: z.string().min(1).optional(),
  /** The User-Agent EdgeLake's REST server requires. */
  EDGELAKE_USER_AGENT: z.string().min(1).default('AnyLog/1.23'),
  /** Most rows one query returns; a query without LIMIT gets LIMIT max_rows + 1. */
  EDGELAKE_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Per-attempt deadline for REST calls, in milliseconds (the node's own REST timeout defaults to 20 s). */
  EDGELAKE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Keep only read-only tools (every tool of this service is read-only). */
  EDGELAKE_READ_ONLY: envBoolean.default(false),
});

export type EdgelakeEnv = z.infer<typeof envSchema>;

/**
 * Required settings that are not set. EdgeLake nodes usually take no
 * credentials and the base URL has a default, so only a half-configured basic
 * auth is reported: the service still starts, `degraded`, naming it.
 */
export function missingConfig(env: EdgelakeEnv): string[] {
  if (env.EDGELAKE_USERNAME && !env.EDGELAKE_PASSWORD) return ['EDGELAKE_PASSWORD'];
  if (env.EDGELAKE_PASSWORD && !env.EDGELAKE_USERNAME) return ['EDGELAKE_USERNAME'];
  return [];
}
