import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';
import { namespaceSchema } from './models.js';

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//i, 'must start with postgres:// or postgresql://; unset it to use SQLite');

/**
 * AI_MEMORY_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. ai-memory is local: there is no
 * upstream and nothing is required — it works out of the box on SQLite under
 * ./data, and on PostgreSQL when a database URL is set.
 */
export const envSchema = z.object({
  /** SQLite file (created with its directory) used when no PostgreSQL URL is set. */
  AI_MEMORY_DB_PATH: z.string().min(1).default('./data/ai_memory.sqlite'),
  /** PostgreSQL instead of SQLite; wins over DATABASE_URL. */
  AI_MEMORY_DATABASE_URL: postgresUrl.optional(),
  /** The fleet-wide PostgreSQL URL, used when AI_MEMORY_DATABASE_URL is unset. */
  DATABASE_URL: postgresUrl.optional(),
  /** Longest memory or message accepted, in characters. */
  AI_MEMORY_MAX_CONTENT_CHARS: z.coerce.number().int().positive().max(1_000_000).default(20_000),
  /** Namespace used when a call names none. */
  AI_MEMORY_DEFAULT_NAMESPACE: namespaceSchema.default('default'),
  /** Statement deadline on PostgreSQL (statement_timeout), in milliseconds. */
  AI_MEMORY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** PostgreSQL connection pool size. */
  AI_MEMORY_DB_POOL_SIZE: z.coerce.number().int().positive().max(100).default(10),
  /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
  AI_MEMORY_READ_ONLY: envBoolean.default(false),
});

export type AiMemoryEnv = z.infer<typeof envSchema>;

/** Nothing is required: without a database URL the service uses SQLite. */
export function missingConfig(_env: AiMemoryEnv): string[] {
  return [];
}
