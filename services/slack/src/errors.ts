import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  ToolError,
  UnauthorizedError,
  UpstreamError,
  UpstreamUnavailableError,
} from '@mcp/runtime';

/**
 * Slack answers most failures with HTTP 200 and `{ ok: false, error: "<code>" }`.
 * This turns the documented codes into typed errors a model can act on.
 */

/** Which variable holds the token a method was called with. */
export type TokenVar = 'SLACK_BOT_TOKEN' | 'SLACK_USER_TOKEN';

export interface SlackFailure {
  error: string;
  needed?: string;
  provided?: string;
  warning?: string;
}

/** Documented rate-limit tiers of the methods this service calls (docs.slack.dev/apis/web-api/rate-limits). */
export const METHOD_TIERS: Record<string, string> = {
  'auth.test': 'special tier, generous',
  'conversations.list': 'Tier 2, 20+ per minute',
  'conversations.history': 'Tier 3, 50+ per minute; 1 per minute and 15 messages per call for non-Marketplace commercial apps since 2025-05-29',
  'conversations.replies': 'Tier 3, 50+ per minute; 1 per minute and 15 messages per call for non-Marketplace commercial apps since 2025-05-29',
  'search.messages': 'Tier 2, 20+ per minute',
  'users.info': 'Tier 4, 100+ per minute',
  'users.lookupByEmail': 'Tier 3, 50+ per minute',
  'users.list': 'Tier 2, 20+ per minute',
  'chat.postMessage': 'about 1 message per second per channel',
  'chat.update': 'Tier 3, 50+ per minute',
  'chat.delete': 'Tier 3, 50+ per minute',
  'reactions.add': 'Tier 3, 50+ per minute',
};

const AUTH_ERRORS = new Set(['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'not_allowed_token_type']);
const NOT_FOUND: Record<string, string> = {
  channel_not_found: 'Pass a channel ID (C…, G… or D…; list_channels finds it). Private channels are found only when the app is a member.',
  user_not_found: 'Check the user ID (U… or W…); lookup_user also takes an email.',
  users_not_found: 'No user has that email in this workspace (or the token lacks users:read.email).',
  message_not_found: 'Check channel and ts: ts is the message timestamp such as 1512085950.000216.',
  thread_not_found: 'Check channel and ts: ts must be the timestamp of the thread parent.',
  no_reaction: 'There is no such reaction on that message.',
};
const INVALID_INPUT = new Set([
  'invalid_arguments',
  'invalid_array_arg',
  'invalid_cursor',
  'invalid_ts_latest',
  'invalid_ts_oldest',
  'invalid_limit',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_metadata_format',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_email',
  'invalid_search_query',
  'invalid_name',
  'missing_argument',
  'limit_required',
]);
const FORBIDDEN: Record<string, string> = {
  not_in_channel: 'The app is not a member of that channel: invite it (/invite @app) or, for public channels, add the channels:join scope and join first.',
  cant_delete_message: 'A bot token can delete only messages the bot posted.',
  cant_update_message: 'A bot token can edit only messages the bot posted.',
  restricted_action: 'A workspace preference forbids this action for the app.',
  is_archived: 'The channel is archived.',
  channel_is_archived: 'The channel is archived.',
  ekm_access_denied: 'Enterprise Key Management denies access to this content.',
  team_access_not_granted: 'The token is not granted access to that workspace of the Enterprise Grid org.',
  too_many_reactions: 'The message has reached the reaction limit.',
  user_is_bot: 'This method cannot be called for a bot user.',
};
const UNAVAILABLE = new Set(['fatal', 'internal_error', 'service_unavailable', 'request_timeout']);

/** The ToolError for `{ ok: false, error }` from `method`, called with the token in `tokenVar`. */
export function slackError(method: string, failure: SlackFailure, tokenVar: TokenVar, retryAfterSeconds?: number): ToolError {
  const code = failure.error;
  const head = `Slack ${method} failed: ${code}.`;
  const details = {
    upstream: 'slack',
    method,
    error: code,
    ...(failure.needed && { needed: failure.needed }),
    ...(failure.provided && { provided: failure.provided }),
  };
  if (code === 'missing_scope') {
    const needed = failure.needed ?? 'a scope this method documents';
    return new ForbiddenError(`${head} The token in ${tokenVar} lacks the scope "${needed}"${failure.provided ? ` (it has: ${failure.provided})` : ''}.`, {
      details,
      hint: `Add "${needed}" to the app's ${tokenVar === 'SLACK_USER_TOKEN' ? 'User' : 'Bot'} Token Scopes, reinstall the app, and update ${tokenVar}.`,
    });
  }
  if (AUTH_ERRORS.has(code)) {
    return new UnauthorizedError(`${head} Slack rejected the token in ${tokenVar} (missing, wrong, revoked, expired or of the wrong type).`, {
      details,
      hint:
        tokenVar === 'SLACK_USER_TOKEN'
          ? 'Set SLACK_USER_TOKEN to a valid user token (xoxp-…) with the search:read scope.'
          : "Set SLACK_BOT_TOKEN to the app's valid bot token (xoxb-…), reinstalling the app if it was revoked.",
    });
  }
  if (code === 'ratelimited' || code === 'rate_limited') {
    return new RateLimitedError(`Slack rate-limited ${method} (${METHOD_TIERS[method] ?? 'see its tier'}).`, {
      retryAfterSeconds: retryAfterSeconds ?? 60,
      details,
      hint: 'Wait before calling this method again; page with larger limits rather than more calls.',
    });
  }
  if (code in NOT_FOUND) return new NotFoundError(head, { details, hint: NOT_FOUND[code] });
  if (code in FORBIDDEN) return new ForbiddenError(`${head} ${FORBIDDEN[code]}`, { details });
  if (INVALID_INPUT.has(code)) {
    const hint = code === 'invalid_name' ? 'Use an emoji name without colons, e.g. thumbsup.' : 'Fix the arguments and call again.';
    return new InvalidInputError(head, { details, hint });
  }
  if (code === 'already_reacted' || code === 'message_limit_exceeded' || code === 'duplicate_message') {
    return new ToolError('conflict', head, { details });
  }
  if (UNAVAILABLE.has(code)) return new UpstreamUnavailableError(`${head} Slack had a server-side problem; retry later.`, { details });
  return new UpstreamError(head, { details });
}

/** Re-words the runtime's HTTP-level errors for Slack: the right token variable, the method's tier. */
export function rewordHttpError(error: unknown, method: string, tokenVar: TokenVar): unknown {
  if (!(error instanceof ToolError)) return error;
  if (error.code === 'unauthorized') return slackError(method, { error: 'invalid_auth' }, tokenVar);
  if (error.code === 'rate_limited') return slackError(method, { error: 'ratelimited' }, tokenVar, error.retryAfterSeconds);
  return error;
}
