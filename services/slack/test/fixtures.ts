/**
 * Payloads as the docs.slack.dev method references document them ("Example
 * responses"), trimmed of fields the service ignores but keeping the field
 * names, types and values.
 */

export const authTest = {
  ok: true,
  url: 'https://subarachnoiddomain.slack.com/',
  team: 'Subarachnoid Workspace',
  user: 'grace',
  team_id: 'T12345678',
  user_id: 'W12345678',
  bot_id: 'B12345678',
  is_enterprise_install: false,
};

export const conversationsList = {
  ok: true,
  channels: [
    {
      id: 'C012AB3CD',
      name: 'general',
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: false,
      created: 1449252889,
      is_archived: false,
      is_general: true,
      unlinked: 0,
      name_normalized: 'general',
      is_shared: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
      context_team_id: 'T012AB3C4',
      updated: 1678229664302,
      parent_conversation: null,
      creator: 'U012A3CDE',
      is_ext_shared: false,
      shared_team_ids: ['T012AB3C4'],
      pending_connected_team_ids: [],
      is_member: true,
      topic: { value: 'Company-wide announcements and work-based matters', creator: '', last_set: 0 },
      purpose: { value: 'This channel is for team-wide communication and announcements. All team members are in this channel.', creator: '', last_set: 0 },
      previous_names: [],
      num_members: 4,
    },
    {
      id: 'C061EG9T2',
      name: 'random',
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: false,
      created: 1449252889,
      is_archived: false,
      is_general: false,
      name_normalized: 'random',
      creator: 'U061F7AUR',
      is_ext_shared: false,
      is_member: true,
      topic: { value: 'Non-work banter and water cooler conversation', creator: '', last_set: 0 },
      purpose: {
        value: "A place for non-work-related flimflam, faffing, hodge-podge or jibber-jabber you'd prefer to keep out of more focused work-related channels.",
        creator: '',
        last_set: 0,
      },
      num_members: 4,
    },
  ],
  response_metadata: { next_cursor: 'dGVhbTpDMDYxRkE1UEI=' },
};

export const history = {
  ok: true,
  messages: [
    { type: 'message', user: 'U123ABC456', text: 'I find you punny and would like to smell your nose letter', ts: '1512085950.000216' },
    { type: 'message', user: 'U222BBB222', text: 'What, you want to smell my shoes better?', ts: '1512104434.000490' },
  ],
  has_more: true,
  pin_count: 0,
  response_metadata: { next_cursor: 'bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz' },
};

export const replies = {
  messages: [
    {
      type: 'message',
      user: 'U061F7AUR',
      text: 'island',
      thread_ts: '1482960137.003543',
      reply_count: 3,
      subscribed: true,
      last_read: '1484678597.521003',
      unread_count: 0,
      ts: '1482960137.003543',
    },
    { type: 'message', user: 'U061F7AUR', text: 'one island', thread_ts: '1482960137.003543', parent_user_id: 'U061F7AUR', ts: '1483037603.017503' },
    { type: 'message', user: 'U061F7AUR', text: 'two island', thread_ts: '1482960137.003543', parent_user_id: 'U061F7AUR', ts: '1483051909.018632' },
  ],
  has_more: true,
  ok: true,
  response_metadata: { next_cursor: 'bmV4dF90czoxNDg0Njc4MjkwNTE3MDkx' },
};

export const searchMessages = {
  ok: true,
  query: 'The meaning of life the universe and everything',
  messages: {
    matches: [
      {
        channel: {
          id: 'C12345678',
          is_ext_shared: false,
          is_mpim: false,
          is_org_shared: false,
          is_pending_ext_shared: false,
          is_private: false,
          is_shared: false,
          name: 'general',
          pending_shared: [],
        },
        iid: 'cb64bdaa-c1e8-4631-8a91-0f78080113e9',
        permalink: 'https://hitchhikers.slack.com/archives/C12345678/p1508284197000015',
        team: 'T12345678',
        text: 'The meaning of life the universe and everything is 42.',
        ts: '1508284197.000015',
        type: 'message',
        user: 'U2U85N1RV',
        username: 'roach',
      },
      {
        channel: {
          id: 'C12345678',
          is_ext_shared: false,
          is_mpim: false,
          is_org_shared: false,
          is_pending_ext_shared: false,
          is_private: false,
          is_shared: false,
          name: 'random',
          pending_shared: [],
        },
        iid: '9a00d3c9-bd2d-45b0-988b-6cff99ae2a90',
        permalink: 'https://hitchhikers.slack.com/archives/C12345678/p1508795665000236',
        team: 'T12345678',
        text: 'The meaning of life the universe and everything is 101010',
        ts: '1508795665.000236',
        type: 'message',
        user: '',
        username: 'robot overlord',
      },
    ],
    pagination: { first: 1, last: 2, page: 1, page_count: 1, per_page: 20, total_count: 2 },
    paging: { count: 20, page: 1, pages: 1, total: 2 },
    total: 2,
  },
  posts: { matches: [], total: 0 },
};

export const user = {
  id: 'W012A3CDE',
  team_id: 'T012AB3C4',
  name: 'spengler',
  deleted: false,
  color: '9f69e7',
  real_name: 'Egon Spengler',
  tz: 'America/Los_Angeles',
  tz_label: 'Pacific Daylight Time',
  tz_offset: -25200,
  profile: {
    avatar_hash: 'ge3b51ca72de',
    status_text: 'Print is dead',
    status_emoji: ':books:',
    real_name: 'Egon Spengler',
    display_name: 'spengler',
    real_name_normalized: 'Egon Spengler',
    display_name_normalized: 'spengler',
    email: 'spengler@ghostbusters.example.com',
    image_24: 'https://.../...-24.jpg',
    team: 'T012AB3C4',
  },
  is_admin: true,
  is_owner: false,
  is_primary_owner: false,
  is_restricted: false,
  is_ultra_restricted: false,
  is_bot: false,
  updated: 1502138686,
  is_app_user: false,
  has_2fa: false,
};

export const postMessage = {
  ok: true,
  channel: 'C123ABC456',
  ts: '1503435956.000247',
  message: {
    text: "Here's a message for you",
    username: 'ecto1',
    bot_id: 'B123ABC456',
    attachments: [{ text: 'This is an attachment', id: 1, fallback: "This is an attachment's fallback" }],
    type: 'message',
    subtype: 'bot_message',
    ts: '1503435956.000247',
  },
};

export const chatDelete = { ok: true, channel: 'C123ABC456', ts: '1401383885.000061' };
export const chatUpdate = {
  ok: true,
  channel: 'C123ABC456',
  ts: '1401383885.000061',
  text: 'Updated text you carefully authored',
  message: { text: 'Updated text you carefully authored', user: 'U34567890' },
};

/** Scopes a bot token grants, as the x-oauth-scopes response header lists them. */
export const botScopes = 'channels:history,channels:read,chat:write,reactions:write,users:read';
