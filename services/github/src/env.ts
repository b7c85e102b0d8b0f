import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';

/** A GitHub login: alphanumerics and single hyphens, at most 39 characters. */
export const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/**
 * GITHUB_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. Secrets come from the environment
 * (or a secret store that fills it) and are redacted from logs by the runtime.
 */
export const envSchema = z.object({
  /** REST API root: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  GITHUB_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.github.com'),
  /** Per-attempt deadline for upstream calls, in milliseconds. */
  GITHUB_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
  GITHUB_READ_ONLY: envBoolean.default(false),
  /** Classic PAT, fine-grained PAT or App installation token, sent as `Authorization: Bearer <token>`. */
  GITHUB_TOKEN: z.string().min(1).optional(),
  /** REST API version sent as `X-GitHub-Api-Version` (2026-03-10 is the first with breaking changes). */
  GITHUB_API_VERSION: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2022-11-28')
    .default('2022-11-28'),
  /** Owner (user or organisation) used when a repository tool is called without `owner`. */
  GITHUB_DEFAULT_OWNER: z.string().regex(LOGIN, 'must be a GitHub user or organisation login').optional(),
  /** get_file refuses files larger than this (GitHub serves up to 100 MB); the caller gets the download URL instead. */
  GITHUB_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
});

export type GithubEnv = z.infer<typeof envSchema>;

/**
 * Required settings that are not set. The service still starts, reports
 * `degraded` on /health naming them, and its tools answer with that message
 * instead of calling the upstream.
 */
export function missingConfig(env: GithubEnv): string[] {
  const missing: string[] = [];
  if (!env.GITHUB_TOKEN) missing.push('GITHUB_TOKEN');
  return missing;
}
