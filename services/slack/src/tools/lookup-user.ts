import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SlackClient } from '../client.js';
import { userInfoPayload } from '../models.js';
import { READ, toUser, UNTRUSTED, userSummary } from '../outputs.js';

export const lookupUser = defineTool({
  name: 'lookup_user',
  title: 'Look up a user',
  description: `Looks up a workspace member by ID (users.info, Tier 4) or by email (users.lookupByEmail, Tier 3; needs users:read.email). Returns names, title, time zone, status and roles. ${UNTRUSTED}`,
  input: z.object({
    user: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,}$/, 'must be a user ID such as U0123ABCD')
      .optional(),
    email: z.email().optional(),
  }),
  output: z.object({ user: userSummary }),
  annotations: READ,
  render: (o) =>
    `${o.user.id} @${o.user.name ?? '?'} — ${o.user.real_name ?? ''}${o.user.title ? `, ${o.user.title}` : ''}${o.user.deleted ? ' (deactivated)' : ''}`,
  handler: async ({ user, email }, { client, signal }: ToolContext<SlackClient>) => {
    if ((user === undefined) === (email === undefined)) throw new InvalidInputError('Pass exactly one of user (an ID) or email.');
    const res = user
      ? await client.call('users.info', { user }, { schema: userInfoPayload, signal })
      : await client.call('users.lookupByEmail', { email }, { schema: userInfoPayload, signal });
    return { user: toUser(res.data.user) };
  },
});
