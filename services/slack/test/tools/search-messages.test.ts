import { afterEach, describe, expect, it } from 'vitest';
import { call, callsTo, formOf, type Harness, startHarness, USER_TOKEN } from '../harness.js';
import { searchMessages } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('search_messages', () => {
  it('searches with the user token and returns matches with permalinks', async () => {
    harness = await startHarness({ env: { SLACK_USER_TOKEN: USER_TOKEN }, routes: (app) => app.post('/search.messages', (c) => c.json(searchMessages)) });
    const result = await call<{ total: number; pages: number; matches: Array<Record<string, unknown>> }>(harness, 'search_messages', {
      query: 'The meaning of life the universe and everything',
      count: 20,
      sort: 'timestamp',
    });
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({ total: 2, page: 1, pages: 1 });
    expect(result.data.matches[0]).toEqual({
      ts: '1508284197.000015',
      time: '2017-10-17T23:49:57.000Z',
      user: 'U2U85N1RV',
      username: 'roach',
      text: 'The meaning of life the universe and everything is 42.',
      channel: { id: 'C12345678', name: 'general' },
      permalink: 'https://hitchhikers.slack.com/archives/C12345678/p1508284197000015',
    });
    const sent = callsTo(harness, 'search.messages')[0];
    expect(sent?.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect(formOf(sent)).toEqual({ query: 'The meaning of life the universe and everything', count: '20', page: '1', sort: 'timestamp', sort_dir: 'desc' });
  });

  it('without SLACK_USER_TOKEN says to set it, without calling Slack', async () => {
    harness = await startHarness();
    const result = await call(harness, 'search_messages', { query: 'x' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('set SLACK_USER_TOKEN');
    expect(result.text).toContain('search:read');
    expect(callsTo(harness, 'search.messages')).toHaveLength(0);
  });

  it('names SLACK_USER_TOKEN, not the bot token, when Slack rejects it', async () => {
    harness = await startHarness({
      env: { SLACK_USER_TOKEN: USER_TOKEN },
      routes: (app) => app.post('/search.messages', (c) => c.json({ ok: false, error: 'not_allowed_token_type' })),
    });
    const result = await call(harness, 'search_messages', { query: 'x' });
    expect(result.text).toContain('SLACK_USER_TOKEN');
    expect(result.text).not.toContain('SLACK_BOT_TOKEN');
    expect(result.text).not.toContain(USER_TOKEN);
  });
});
