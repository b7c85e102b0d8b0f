import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, call, callsTo, type Harness, startHarness, USER_TOKEN } from '../harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('health_check', () => {
  it('reports team, bot user and granted scopes from auth.test, sending the bot token', async () => {
    harness = await startHarness();
    const result = await call(harness, 'health_check');
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({
      ok: true,
      identity: 'grace in Subarachnoid Workspace',
      bot: {
        ok: true,
        team: 'Subarachnoid Workspace',
        team_id: 'T12345678',
        user_id: 'W12345678',
        bot_id: 'B12345678',
        scopes: expect.arrayContaining(['chat:write', 'channels:history']),
      },
    });
    expect(result.data).not.toHaveProperty('userToken');
    expect(result.text).toMatch(/answered in \d+ ms as grace in Subarachnoid Workspace; bot scopes: channels:history/);
    const sent = callsTo(harness, 'auth.test')[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('also checks SLACK_USER_TOKEN when set, telling whether it can search', async () => {
    harness = await startHarness({ env: { SLACK_USER_TOKEN: USER_TOKEN } });
    const result = await call(harness, 'health_check');
    expect(result.data).toMatchObject({ ok: true, userToken: { ok: true, user: 'egon', scopes: ['search:read', 'users:read'] } });
    expect(result.text).toContain('user token ok (can search)');
    expect(
      callsTo(harness, 'auth.test')
        .map((r) => r.headers.authorization)
        .sort(),
    ).toEqual([`Bearer ${BOT_TOKEN}`, `Bearer ${USER_TOKEN}`].sort());
  });

  it('invalid_auth gives ok: false naming SLACK_BOT_TOKEN', async () => {
    harness = await startHarness({ routes: (app) => app.post('/auth.test', (c) => c.json({ ok: false, error: 'invalid_auth' })) });
    const result = await call(harness, 'health_check');
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({ ok: false, error: expect.stringContaining('SLACK_BOT_TOKEN') });
  });

  it('a 503 gives ok: false, without retrying', async () => {
    harness = await startHarness({ routes: (app) => app.post('/auth.test', (c) => c.text('upstream connect error', 503)) });
    const result = await call(harness, 'health_check');
    expect(result.data).toMatchObject({ ok: false, error: expect.stringMatching(/503/) });
    expect(callsTo(harness, 'auth.test')).toHaveLength(1);
  });
});
