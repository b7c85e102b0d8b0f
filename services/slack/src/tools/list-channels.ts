import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { conversationsListPayload } from '../models.js';
import { channelSummary, cursorField, nextCursorField, READ, toChannel, UNTRUSTED } from '../outputs.js';

const TYPES = ['public_channel', 'private_channel', 'mpim', 'im'] as const;

export const listChannels = defineTool({
  name: 'list_channels',
  title: 'List channels',
  description: `Lists conversations the bot can see (conversations.list, Tier 2): public channels by default; private channels, group DMs and DMs with types (each needs its *:read scope). Slack may return fewer than limit even when more exist: continue while nextCursor is present. ${UNTRUSTED}`,
  input: z.object({
    types: z.array(z.enum(TYPES)).min(1).max(4).default(['public_channel']),
    exclude_archived: z.boolean().default(true),
    limit: z.number().int().min(1).max(1000).default(200).describe('At most 1000; Slack recommends 200 or fewer'),
    cursor: cursorField,
    team_id: z.string().max(20).optional().describe('Workspace, for org-wide apps on Enterprise Grid'),
  }),
  output: z.object({ channels: z.array(channelSummary), nextCursor: nextCursorField }),
  annotations: READ,
  render: (o) =>
    `${o.channels.length} channels${o.nextCursor ? ' (more: pass nextCursor)' : ''}:\n${o.channels.map((c) => `- ${c.id} ${c.name ? `#${c.name}` : (c.user ?? '')} [${c.kind}${c.is_archived ? ', archived' : ''}${c.is_member ? ', member' : ''}]${c.num_members === undefined ? '' : ` ${c.num_members} members`}`).join('\n')}`,
  handler: async ({ types, exclude_archived, limit, cursor, team_id }, { client, signal }: ToolContext<SlackClient>) => {
    const res = await client.call('conversations.list', { types, exclude_archived, limit, cursor, team_id }, { schema: conversationsListPayload, signal });
    return { channels: res.data.channels.map(toChannel), nextCursor: res.nextCursor };
  },
});
