import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';

/**
 * SLACK_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. Secrets come from the environment
 * (or a secret store that fills it) and are redacted from logs by the runtime.
 */
export const envSchema = z.object({
  /** Web API root (override for tests or a proxy). Methods are POSTed to `<base>/<method>`. */
  SLACK_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://slack.com/api'),
  /** Per-attempt deadline for upstream calls, in milliseconds. */
  SLACK_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
  SLACK_READ_ONLY: envBoolean.default(false),
  /** Bot token (xoxb-…), sent as `Authorization: Bearer <token>` on every method except search. */
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  /** User token (xoxp-…) with `search:read`, used only by search_messages (bot tokens cannot search). */
  SLACK_USER_TOKEN: z.string().min(1).optional(),
  /** Channel ID (C…) or name (#general) post_message and get_channel_history use when called without one. */
  SLACK_DEFAULT_CHANNEL: z.string().min(1).max(80).optional(),
});

export type SlackEnv = z.infer<typeof envSchema>;

/**
 * Required settings that are not set. The service still starts, reports
 * `degraded` on /health naming them, and its tools answer with that message
 * instead of calling the upstream. SLACK_USER_TOKEN is optional: only
 * search_messages needs it, and says so when it is missing.
 */
export function missingConfig(env: SlackEnv): string[] {
  const missing: string[] = [];
  if (!env.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  return missing;
}
