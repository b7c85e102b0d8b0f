import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { usersListPayload } from '../models.js';
import { cursorField, nextCursorField, READ, toUser, UNTRUSTED, userSummary } from '../outputs.js';

export const listUsers = defineTool({
  name: 'list_users',
  title: 'List users',
  description: `Lists workspace members (users.list, Tier 2), including bots and deactivated users unless filtered out. Use lookup_user for one person by ID or email. ${UNTRUSTED}`,
  input: z.object({
    limit: z.number().int().min(1).max(1000).default(200),
    cursor: cursorField,
    include_bots: z.boolean().default(false),
    include_deleted: z.boolean().default(false),
    team_id: z.string().max(20).optional(),
  }),
  output: z.object({ users: z.array(userSummary), nextCursor: nextCursorField }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    `${o.users.length} users${o.nextCursor ? ' (more: pass nextCursor)' : ''}:\n${o.users.map((u) => `- ${u.id} @${u.name ?? '?'} ${u.real_name ?? ''}`).join('\n')}`,
  handler: async ({ limit, cursor, include_bots, include_deleted, team_id }, { client, signal }: ToolContext<SlackClient>) => {
    const res = await client.call('users.list', { limit, cursor, team_id }, { schema: usersListPayload, signal });
    const users = res.data.members.filter((u) => (include_bots || !(u.is_bot || u.id === 'USLACKBOT')) && (include_deleted || !u.deleted)).map(toUser);
    return { users, nextCursor: res.nextCursor };
  },
});
