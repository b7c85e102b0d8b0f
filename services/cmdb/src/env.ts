import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//i, 'must start with postgres:// or postgresql://; unset it to use SQLite');

/**
 * CMDB_* settings, parsed once at start-up: an invalid value stops the service
 * with one line naming the variable. The CMDB is local: nothing is required —
 * it works out of the box on SQLite under ./data, on PostgreSQL with a URL.
 */
export const envSchema = z.object({
  /** SQLite file (created with its directory) used when no PostgreSQL URL is set. */
  CMDB_DB_PATH: z.string().min(1).default('./data/cmdb.sqlite'),
  /** PostgreSQL instead of SQLite; wins over DATABASE_URL. */
  CMDB_DATABASE_URL: postgresUrl.optional(),
  /** The fleet-wide PostgreSQL URL, used when CMDB_DATABASE_URL is unset. */
  DATABASE_URL: postgresUrl.optional(),
  /** Deepest impact analysis / dependency graph allowed (hops). */
  CMDB_MAX_IMPACT_DEPTH: z.coerce.number().int().min(1).max(20).default(6),
  /** Statement deadline on PostgreSQL (statement_timeout), in milliseconds. */
  CMDB_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** PostgreSQL connection pool size. */
  CMDB_DB_POOL_SIZE: z.coerce.number().int().positive().max(100).default(10),
  /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
  CMDB_READ_ONLY: envBoolean.default(false),
});

export type CmdbEnv = z.infer<typeof envSchema>;

/** Nothing is required: without a database URL the service uses SQLite. */
export function missingConfig(_env: CmdbEnv): string[] {
  return [];
}
