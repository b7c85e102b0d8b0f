import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, call, callsTo, type Harness, startHarness } from '../harness.js';
import { chatDelete, chatUpdate, postMessage } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const jsonOf = (harness: Harness, method: string) => JSON.parse(callsTo(harness, method)[0]?.body ?? '{}') as Record<string, unknown>;

describe('post_message', () => {
  it('posts JSON with charset to the default channel and returns the ts', async () => {
    harness = await startHarness({ env: { SLACK_DEFAULT_CHANNEL: '#general' }, routes: (app) => app.post('/chat.postMessage', (c) => c.json(postMessage)) });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: "Here's a *message* for you" } }];
    const result = await call(harness, 'post_message', { text: "Here's a message for you", blocks, thread_ts: '1503435956.000100' });
    expect(result.isError).toBe(false);
    expect(result.data).toEqual({ channel: 'C123ABC456', ts: '1503435956.000247', thread_ts: '1503435956.000100' });
    const sent = callsTo(harness, 'chat.postMessage')[0];
    expect(sent?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(sent?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(jsonOf(harness, 'chat.postMessage')).toEqual({ channel: '#general', text: "Here's a message for you", blocks, thread_ts: '1503435956.000100' });
  });

  it('refuses an empty message; surfaces Slack warnings', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.post('/chat.postMessage', (c) => c.json({ ...postMessage, warning: 'missing_charset', response_metadata: { warnings: ['missing_charset'] } })),
    });
    expect((await call(harness, 'post_message', { channel: 'C1' })).text).toContain('Pass text, blocks, or both');
    const result = await call(harness, 'post_message', { channel: 'C1', text: 'hi' });
    expect(result.data).toMatchObject({ warnings: ['missing_charset'] });
  });

  it('is never retried: a 503 or a 429 comes back at once', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.post('/chat.postMessage', async (c) => {
          const body = JSON.parse(await c.req.text()) as { channel: string };
          return body.channel === 'C429' ? c.json({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': '1' }) : c.text('unavailable', 503);
        });
      },
    });
    expect((await call(harness, 'post_message', { channel: 'C503', text: 'x' })).text).toMatch(/503/);
    const limited = await call(harness, 'post_message', { channel: 'C429', text: 'x' });
    expect(limited.text).toContain('Slack rate-limited chat.postMessage (about 1 message per second per channel)');
    expect(limited._meta?.['io.mcp-fleet/error']).toMatchObject({ retryAfterSeconds: 1 });
    expect(callsTo(harness, 'chat.postMessage')).toHaveLength(2);
  });

  it('invalid_auth names SLACK_BOT_TOKEN; is_archived explains itself', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.post('/chat.postMessage', async (c) => {
          const body = JSON.parse(await c.req.text()) as { channel: string };
          return c.json({ ok: false, error: body.channel === 'C1' ? 'invalid_auth' : 'is_archived' });
        }),
    });
    const auth = await call(harness, 'post_message', { channel: 'C1', text: 'x' });
    expect(auth.text).toContain('Slack rejected the token in SLACK_BOT_TOKEN');
    expect(auth._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'unauthorized' });
    expect((await call(harness, 'post_message', { channel: 'C2', text: 'x' })).text).toContain('archived');
  });
});

describe('update_message', () => {
  it('edits a message', async () => {
    harness = await startHarness({ routes: (app) => app.post('/chat.update', (c) => c.json(chatUpdate)) });
    const result = await call(harness, 'update_message', { channel: 'C123ABC456', ts: '1401383885.000061', text: 'Updated text you carefully authored' });
    expect(result.data).toEqual({ channel: 'C123ABC456', ts: '1401383885.000061' });
    expect(jsonOf(harness, 'chat.update')).toEqual({ channel: 'C123ABC456', ts: '1401383885.000061', text: 'Updated text you carefully authored' });
  });
});

describe('add_reaction', () => {
  it('adds a reaction, stripping colons; already_reacted is success', async () => {
    let first = true;
    harness = await startHarness({
      routes: (app) =>
        app.post('/reactions.add', (c) => {
          const answer = first ? { ok: true } : { ok: false, error: 'already_reacted' };
          first = false;
          return c.json(answer);
        }),
    });
    const args = { channel: 'C123ABC456', timestamp: '1234567890.123456', name: ':thumbsup:' };
    expect((await call(harness, 'add_reaction', args)).data).toEqual({ ok: true, already_reacted: false });
    expect(jsonOf(harness, 'reactions.add')).toEqual({ channel: 'C123ABC456', timestamp: '1234567890.123456', name: 'thumbsup' });
    expect((await call(harness, 'add_reaction', args)).data).toEqual({ ok: true, already_reacted: true });
  });

  it('message_not_found and invalid_name', async () => {
    harness = await startHarness({
      routes: (app) =>
        app.post('/reactions.add', async (c) => {
          const body = JSON.parse(await c.req.text()) as { name: string };
          return c.json({ ok: false, error: body.name === 'nope' ? 'invalid_name' : 'message_not_found' });
        }),
    });
    expect((await call(harness, 'add_reaction', { channel: 'C1', timestamp: '1234567890.123456', name: 'nope' })).text).toContain('without colons');
    expect((await call(harness, 'add_reaction', { channel: 'C1', timestamp: '1234567890.123456', name: 'tada' })).text).toContain('message_not_found');
  });
});

describe('delete_message', () => {
  it('deletes, and is annotated destructive so the gateway asks for approval', async () => {
    harness = await startHarness({ routes: (app) => app.post('/chat.delete', (c) => c.json(chatDelete)) });
    const result = await call(harness, 'delete_message', { channel: 'C123ABC456', ts: '1401383885.000061' });
    expect(result.data).toEqual({ channel: 'C123ABC456', ts: '1401383885.000061', deleted: true });
    const { tools } = await harness.client.listTools();
    expect(tools.find((t) => t.name === 'delete_message')?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
  });

  it('cant_delete_message explains the bot can delete only its own messages', async () => {
    harness = await startHarness({ routes: (app) => app.post('/chat.delete', (c) => c.json({ ok: false, error: 'cant_delete_message' })) });
    const result = await call(harness, 'delete_message', { channel: 'C1', ts: '1401383885.000061' });
    expect(result.text).toContain('only messages the bot posted');
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'forbidden' });
  });
});
