import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';

/**
 * SNOWFLAKE_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. Secrets come from the environment
 * (or a secret store that fills it) and are redacted from logs by the runtime.
 */
export const envSchema = z.object({
  /** Account identifier: `myorg-myaccount` (preferred) or an account locator such as `xy12345.us-east-1`. */
  SNOWFLAKE_ACCOUNT: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]+$/, 'an account identifier such as myorg-myaccount or xy12345.us-east-1')
    .optional(),
  /** Login name of the user the key pair is registered on (key-pair JWT only). */
  SNOWFLAKE_USER: z.string().trim().min(1).optional(),
  /** keypair | pat | oauth; inferred from the credential that is set when omitted. */
  SNOWFLAKE_AUTH: z.enum(['keypair', 'pat', 'oauth']).optional(),
  SNOWFLAKE_PRIVATE_KEY_PATH: z.string().min(1).optional(),
  /** PEM text (PKCS#8, optionally encrypted); `\n` escapes are accepted for one-line env files. */
  SNOWFLAKE_PRIVATE_KEY: z.string().min(1).optional(),
  SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: z.string().min(1).optional(),
  SNOWFLAKE_PAT: z.string().min(1).optional(),
  SNOWFLAKE_OAUTH_TOKEN: z.string().min(1).optional(),
  /** Statement context defaults (case-sensitive, as SHOW prints them); a tool call may override each. */
  SNOWFLAKE_WAREHOUSE: z.string().min(1).optional(),
  SNOWFLAKE_ROLE: z.string().min(1).optional(),
  SNOWFLAKE_DATABASE: z.string().min(1).optional(),
  SNOWFLAKE_SCHEMA: z.string().min(1).optional(),
  /** Server-side statement timeout: Snowflake cancels a statement running longer. */
  SNOWFLAKE_STATEMENT_TIMEOUT_S: z.coerce.number().int().min(1).max(604_800).default(60),
  /** Most rows one tool call returns (partitions are fetched until this many rows are in). */
  SNOWFLAKE_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  /** Default: https://<account>.snowflakecomputing.com (override for tests, PrivateLink hosts). */
  SNOWFLAKE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Per-attempt deadline for upstream calls, in milliseconds. */
  SNOWFLAKE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Read-only by default: execute_statement and cancel_statement are hidden until this is false. */
  SNOWFLAKE_READ_ONLY: envBoolean.default(true),
});

export type SnowflakeEnv = z.infer<typeof envSchema>;
export type AuthMode = 'keypair' | 'pat' | 'oauth';

/** The configured auth mode, or the one the credentials that are set imply. */
export function authMode(env: SnowflakeEnv): AuthMode | undefined {
  if (env.SNOWFLAKE_AUTH) return env.SNOWFLAKE_AUTH;
  if (env.SNOWFLAKE_PRIVATE_KEY || env.SNOWFLAKE_PRIVATE_KEY_PATH) return 'keypair';
  if (env.SNOWFLAKE_PAT) return 'pat';
  if (env.SNOWFLAKE_OAUTH_TOKEN) return 'oauth';
  return undefined;
}

/**
 * Required settings that are not set. The service still starts, reports
 * `degraded` on /health naming them, and its tools answer with that message
 * instead of calling the upstream.
 */
export function missingConfig(env: SnowflakeEnv): string[] {
  const missing: string[] = [];
  if (!env.SNOWFLAKE_ACCOUNT && !env.SNOWFLAKE_BASE_URL) missing.push('SNOWFLAKE_ACCOUNT');
  switch (authMode(env)) {
    case 'keypair':
      if (!env.SNOWFLAKE_ACCOUNT && !missing.includes('SNOWFLAKE_ACCOUNT')) missing.push('SNOWFLAKE_ACCOUNT');
      if (!env.SNOWFLAKE_USER) missing.push('SNOWFLAKE_USER');
      if (!env.SNOWFLAKE_PRIVATE_KEY && !env.SNOWFLAKE_PRIVATE_KEY_PATH) missing.push('SNOWFLAKE_PRIVATE_KEY_PATH (or SNOWFLAKE_PRIVATE_KEY)');
      break;
    case 'pat':
      if (!env.SNOWFLAKE_PAT) missing.push('SNOWFLAKE_PAT');
      break;
    case 'oauth':
      if (!env.SNOWFLAKE_OAUTH_TOKEN) missing.push('SNOWFLAKE_OAUTH_TOKEN');
      break;
    default:
      missing.push('SNOWFLAKE_PRIVATE_KEY_PATH (or SNOWFLAKE_PRIVATE_KEY, SNOWFLAKE_PAT, SNOWFLAKE_OAUTH_TOKEN)');
  }
  return missing;
}

/** `https://<account>.snowflakecomputing.com`: lower case, underscores as hyphens (host names allow no `_`). */
export function accountUrl(account: string): string {
  const host = account
    .replace(/\.snowflakecomputing\.com$/i, '')
    .toLowerCase()
    .replace(/_/g, '-');
  return `https://${host}.snowflakecomputing.com`;
}
