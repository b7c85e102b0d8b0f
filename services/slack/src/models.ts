import * as z from 'zod';

/**
 * Shapes of Slack Web API payloads (docs.slack.dev method references), parsed
 * once at the client boundary after `ok` is checked. Only the fields the tools
 * use are required; messages, names, topics and profiles are untrusted text.
 */

export const authTestPayload = z.looseObject({
  url: z.string().optional(),
  team: z.string().optional(),
  user: z.string().optional(),
  team_id: z.string().optional(),
  user_id: z.string().optional(),
  bot_id: z.string().optional(),
  enterprise_id: z.string().optional(),
  is_enterprise_install: z.boolean().optional(),
});

const textWithMeta = z.looseObject({ value: z.string() }).optional();

export const channelPayload = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  is_channel: z.boolean().optional(),
  is_group: z.boolean().optional(),
  is_im: z.boolean().optional(),
  is_mpim: z.boolean().optional(),
  is_private: z.boolean().optional(),
  is_archived: z.boolean().optional(),
  is_general: z.boolean().optional(),
  is_member: z.boolean().optional(),
  is_ext_shared: z.boolean().optional(),
  num_members: z.number().optional(),
  created: z.number().optional(),
  user: z.string().optional(),
  topic: textWithMeta,
  purpose: textWithMeta,
});
export const conversationsListPayload = z.looseObject({ channels: z.array(channelPayload) });

export const messagePayload = z.looseObject({
  type: z.string().optional(),
  subtype: z.string().optional(),
  ts: z.string(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  username: z.string().optional(),
  text: z.string().optional(),
  thread_ts: z.string().optional(),
  parent_user_id: z.string().optional(),
  reply_count: z.number().optional(),
  latest_reply: z.string().optional(),
  edited: z.looseObject({ user: z.string().optional(), ts: z.string() }).optional(),
  reactions: z.array(z.looseObject({ name: z.string(), count: z.number() })).optional(),
  files: z.array(z.looseObject({ id: z.string(), name: z.string().optional(), title: z.string().optional() })).optional(),
});
export const historyPayload = z.looseObject({ messages: z.array(messagePayload), has_more: z.boolean().optional() });

export const searchPayload = z.looseObject({
  query: z.string().optional(),
  messages: z.looseObject({
    total: z.number(),
    matches: z.array(
      messagePayload.extend({
        channel: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
        permalink: z.string().optional(),
      }),
    ),
    paging: z.looseObject({ count: z.number(), total: z.number(), page: z.number(), pages: z.number() }).optional(),
  }),
});

export const userPayload = z.looseObject({
  id: z.string(),
  team_id: z.string().optional(),
  name: z.string().optional(),
  real_name: z.string().optional(),
  deleted: z.boolean().optional(),
  tz: z.string().nullable().optional(),
  is_admin: z.boolean().optional(),
  is_owner: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  is_app_user: z.boolean().optional(),
  is_restricted: z.boolean().optional(),
  is_ultra_restricted: z.boolean().optional(),
  profile: z
    .looseObject({
      display_name: z.string().optional(),
      real_name: z.string().optional(),
      title: z.string().optional(),
      email: z.string().optional(),
      status_text: z.string().optional(),
      status_emoji: z.string().optional(),
    })
    .optional(),
});
export const userInfoPayload = z.looseObject({ user: userPayload });
export const usersListPayload = z.looseObject({ members: z.array(userPayload) });

export const postMessagePayload = z.looseObject({ channel: z.string(), ts: z.string(), message: messagePayload.optional() });
export const updateMessagePayload = z.looseObject({ channel: z.string(), ts: z.string(), text: z.string().optional() });
export const deleteMessagePayload = z.looseObject({ channel: z.string(), ts: z.string() });
export const okPayload = z.looseObject({ ok: z.literal(true) });
