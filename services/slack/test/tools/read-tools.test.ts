import { afterEach, describe, expect, it } from 'vitest';
import { call, callsTo, formOf, type Harness, startHarness } from '../harness.js';
import { conversationsList, history, replies, user } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('list_channels', () => {
  it('posts form fields and returns compact channels with the next cursor', async () => {
    harness = await startHarness({ routes: (app) => app.post('/conversations.list', (c) => c.json(conversationsList)) });
    const result = await call<{ channels: unknown[]; nextCursor?: string }>(harness, 'list_channels', {
      types: ['public_channel', 'private_channel'],
      limit: 100,
    });
    expect(result.isError).toBe(false);
    expect(result.data.nextCursor).toBe('dGVhbTpDMDYxRkE1UEI=');
    expect(result.data.channels[0]).toEqual({
      id: 'C012AB3CD',
      name: 'general',
      kind: 'public_channel',
      is_archived: false,
      is_member: true,
      is_general: true,
      is_ext_shared: false,
      num_members: 4,
      topic: 'Company-wide announcements and work-based matters',
      purpose: 'This channel is for team-wide communication and announcements. All team members are in this channel.',
      created: '2015-12-04T18:14:49.000Z',
    });
    const sent = callsTo(harness, 'conversations.list')[0];
    expect(sent?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(formOf(sent)).toEqual({ types: 'public_channel,private_channel', exclude_archived: 'true', limit: '100' });
  });

  it('an empty next_cursor means the last page', async () => {
    harness = await startHarness({
      routes: (app) => app.post('/conversations.list', (c) => c.json({ ...conversationsList, response_metadata: { next_cursor: '' } })),
    });
    const result = await call<{ nextCursor?: string }>(harness, 'list_channels', { cursor: 'dGVhbTpDMDYxRkE1UEI=' });
    expect(result.data.nextCursor).toBeUndefined();
    expect(formOf(callsTo(harness, 'conversations.list')[0]).cursor).toBe('dGVhbTpDMDYxRkE1UEI=');
  });

  it('missing_scope names the scope Slack says is needed', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.post('/conversations.list', (c) => c.json({ ok: false, error: 'missing_scope', needed: 'groups:read', provided: 'channels:read,chat:write' })),
    });
    const result = await call(harness, 'list_channels', { types: ['private_channel'] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('The token in SLACK_BOT_TOKEN lacks the scope "groups:read" (it has: channels:read,chat:write)');
    expect(result.text).toContain('Bot Token Scopes');
  });

  it('a 429 with Retry-After beyond the runtime cap is a rate-limit error naming the tier', async () => {
    harness = await startHarness({
      routes: (app) => app.post('/conversations.list', (c) => c.json({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': '30' })),
    });
    const result = await call(harness, 'list_channels');
    expect(result.text).toContain('Slack rate-limited conversations.list (Tier 2, 20+ per minute)');
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 });
    expect(callsTo(harness, 'conversations.list')).toHaveLength(1);
  });

  it('retries a read after a short Retry-After, then succeeds', async () => {
    let calls = 0;
    harness = await startHarness({
      routes: (app) =>
        app.post('/conversations.list', (c) => {
          calls += 1;
          return calls === 1 ? c.json({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': '0' }) : c.json(conversationsList);
        }),
    });
    const result = await call(harness, 'list_channels');
    expect(result.isError).toBe(false);
    expect(calls).toBe(2);
  });

  it('a body that is not a Web API envelope is reported as malformed', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.post('/conversations.list', (c) => c.body('<html>gateway</html>', 200, { 'content-type': 'text/html' }));
      },
    });
    const result = await call(harness, 'list_channels');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/malformed|unexpected response/);
  });
});

describe('get_channel_history', () => {
  it('reads messages, defaulting to SLACK_DEFAULT_CHANNEL', async () => {
    harness = await startHarness({ env: { SLACK_DEFAULT_CHANNEL: 'C123ABC456' }, routes: (app) => app.post('/conversations.history', (c) => c.json(history)) });
    const result = await call(harness, 'get_channel_history', { limit: 2, oldest: '1512085950.000000' });
    expect(result.data).toEqual({
      channel: 'C123ABC456',
      has_more: true,
      nextCursor: 'bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz',
      messages: [
        { ts: '1512085950.000216', time: '2017-11-30T23:52:30.000Z', user: 'U123ABC456', text: 'I find you punny and would like to smell your nose letter' },
        { ts: '1512104434.000490', time: '2017-12-01T05:00:34.000Z', user: 'U222BBB222', text: 'What, you want to smell my shoes better?' },
      ],
    });
    expect(formOf(callsTo(harness, 'conversations.history')[0])).toEqual({ channel: 'C123ABC456', oldest: '1512085950.000000', limit: '2' });
  });

  it('without a channel or SLACK_DEFAULT_CHANNEL it says what to pass', async () => {
    harness = await startHarness();
    const result = await call(harness, 'get_channel_history');
    expect(result.text).toContain('SLACK_DEFAULT_CHANNEL');
    expect(callsTo(harness, 'conversations.history')).toHaveLength(0);
  });

  it('not_in_channel and channel_not_found tell the agent what to do', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.post('/conversations.history', async (c) => {
          const form = new URLSearchParams(await c.req.text());
          return c.json({ ok: false, error: form.get('channel') === 'C0NOTMEMBER' ? 'not_in_channel' : 'channel_not_found' });
        }),
    });
    expect((await call(harness, 'get_channel_history', { channel: 'C0NOTMEMBER' })).text).toContain('/invite');
    const missing = await call(harness, 'get_channel_history', { channel: 'C0MISSING' });
    expect(missing.text).toContain('channel_not_found');
    expect(missing._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'not_found' });
  });

  it('a 500 is an upstream error, retried as a read', async () => {
    harness = await startHarness({ env: { SLACK_DEFAULT_CHANNEL: 'C1' }, routes: (app) => app.post('/conversations.history', (c) => c.text('oops', 502)) });
    const result = await call(harness, 'get_channel_history');
    expect(result.text).toMatch(/502/);
    expect(callsTo(harness, 'conversations.history').length).toBe(4);
  });
});

describe('get_thread', () => {
  it('reads the parent and its replies', async () => {
    harness = await startHarness({ routes: (app) => app.post('/conversations.replies', (c) => c.json(replies)) });
    const result = await call<{ messages: Array<{ ts: string; reply_count?: number; thread_ts?: string }>; nextCursor?: string }>(harness, 'get_thread', {
      channel: 'C123ABC456',
      ts: '1482960137.003543',
    });
    expect(result.data.messages.map((m) => m.ts)).toEqual(['1482960137.003543', '1483037603.017503', '1483051909.018632']);
    expect(result.data.messages[0]).toMatchObject({ reply_count: 3, thread_ts: '1482960137.003543' });
    expect(result.data.nextCursor).toBe('bmV4dF90czoxNDg0Njc4MjkwNTE3MDkx');
    expect(formOf(callsTo(harness, 'conversations.replies')[0])).toEqual({ channel: 'C123ABC456', ts: '1482960137.003543', limit: '100' });
  });

  it('refuses a malformed ts without calling Slack', async () => {
    harness = await startHarness();
    const result = await call(harness, 'get_thread', { channel: 'C1', ts: 'yesterday' });
    expect(result.isError).toBe(true);
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('lookup_user and list_users', () => {
  it('looks up by ID and by email', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.post('/users.info', (c) => c.json({ ok: true, user }));
        app.post('/users.lookupByEmail', (c) => c.json({ ok: true, user }));
      },
    });
    const byId = await call(harness, 'lookup_user', { user: 'W012A3CDE' });
    expect(byId.data).toEqual({
      user: {
        id: 'W012A3CDE',
        team_id: 'T012AB3C4',
        name: 'spengler',
        real_name: 'Egon Spengler',
        display_name: 'spengler',
        email: 'spengler@ghostbusters.example.com',
        tz: 'America/Los_Angeles',
        status: ':books: Print is dead',
        is_bot: false,
        is_admin: true,
        is_owner: false,
        deleted: false,
      },
    });
    await call(harness, 'lookup_user', { email: 'spengler@ghostbusters.example.com' });
    expect(formOf(callsTo(harness, 'users.lookupByEmail')[0])).toEqual({ email: 'spengler@ghostbusters.example.com' });
    expect((await call(harness, 'lookup_user', {})).text).toContain('exactly one');
  });

  it('users_not_found and missing users:read.email', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.post('/users.lookupByEmail', (c) => c.json({ ok: false, error: 'missing_scope', needed: 'users:read.email', provided: 'users:read' }));
        app.post('/users.info', (c) => c.json({ ok: false, error: 'user_not_found' }));
      },
    });
    expect((await call(harness, 'lookup_user', { email: 'a@b.example' })).text).toContain('"users:read.email"');
    expect((await call(harness, 'lookup_user', { user: 'U0NOPE' })).text).toContain('user_not_found');
  });

  it('lists users, leaving out bots and deactivated accounts by default', async () => {
    const members = [
      user,
      { ...user, id: 'USLACKBOT', name: 'slackbot', is_bot: false },
      { ...user, id: 'B1', name: 'bot', is_bot: true },
      { ...user, id: 'U9', deleted: true },
    ];
    harness = await startHarness({
      routes: (app) => app.post('/users.list', (c) => c.json({ ok: true, members, response_metadata: { next_cursor: 'dXNlcjpVMEc5V0ZYTlo=' } })),
    });
    const result = await call<{ users: Array<{ id: string }>; nextCursor?: string }>(harness, 'list_users', { limit: 4 });
    expect(result.data.users.map((u) => u.id)).toEqual(['W012A3CDE']);
    expect(result.data.nextCursor).toBe('dXNlcjpVMEc5V0ZYTlo=');
    const all = await call<{ users: unknown[] }>(harness, 'list_users', { include_bots: true, include_deleted: true });
    expect(all.data.users).toHaveLength(4);
  });
});
