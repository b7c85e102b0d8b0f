import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { authTestPayload } from '../models.js';
import { READ } from '../outputs.js';

const tokenInfo = z.object({
  ok: z.boolean(),
  team: z.string().optional(),
  team_id: z.string().optional(),
  user: z.string().optional(),
  user_id: z.string().optional(),
  bot_id: z.string().optional(),
  url: z.string().optional(),
  scopes: z.array(z.string()).optional().describe('Granted scopes (x-oauth-scopes)'),
  error: z.string().optional(),
});

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Check the Slack connection',
  description:
    'Checks SLACK_BOT_TOKEN with auth.test: workspace (team), bot user, granted scopes (x-oauth-scopes), latency. When SLACK_USER_TOKEN is set, checks it too (search needs its search:read scope). Call it first when other tools fail.',
  input: z.object({}),
  output: z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    identity: z.string().optional(),
    bot: tokenInfo.optional(),
    userToken: tokenInfo.optional().describe('Absent when SLACK_USER_TOKEN is not set'),
    error: z.string().optional().describe('Why the check failed, when ok is false'),
  }),
  annotations: READ,
  render: (o) =>
    o.ok
      ? `Slack answered in ${o.latencyMs} ms as ${o.identity}; bot scopes: ${o.bot?.scopes?.join(', ') ?? 'unknown'}${o.userToken ? `; user token ${o.userToken.ok ? `ok (${o.userToken.scopes?.includes('search:read') ? 'can' : 'cannot'} search)` : `failed: ${o.userToken.error}`}` : ''}.`
      : `Slack check failed after ${o.latencyMs} ms: ${o.error}`,
  handler: async (_args, { client, signal }: ToolContext<SlackClient>) => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    const check = async (token: 'bot' | 'user'): Promise<z.infer<typeof tokenInfo>> => {
      try {
        const res = await client.call('auth.test', {}, { schema: authTestPayload, signal, token, retries: 0 });
        const { team, team_id, user, user_id, bot_id, url } = res.data;
        return { ok: true, team, team_id, user, user_id, bot_id, url, scopes: res.scopes };
      } catch (error) {
        if (!isToolError(error)) throw error;
        return { ok: false, error: error.toText() };
      }
    };
    const [bot, userToken] = await Promise.all([check('bot'), client.env.SLACK_USER_TOKEN ? check('user') : undefined]);
    if (!bot.ok) return { ok: false, latencyMs: latencyMs(), bot, userToken, error: bot.error };
    return { ok: true, latencyMs: latencyMs(), identity: `${bot.user ?? bot.user_id} in ${bot.team ?? bot.team_id}`, bot, userToken };
  },
});
