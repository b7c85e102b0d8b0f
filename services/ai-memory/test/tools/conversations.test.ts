import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

interface Appended {
  conversation: { id: string; message_count: number; last_seq: number; title: string | null; namespace: string };
  created: boolean;
  appended: Array<{ id: number; seq: number; role: string }>;
  redacted_secrets: number;
}
const say = (...contents: string[]) => contents.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content }));

describe('conversation_append', () => {
  it('starts a conversation with a new id, continues it, redacts secrets', async () => {
    const first = await h.call<Appended>('conversation_append', { title: 'Deploy chat', messages: say('how do I deploy?', 'run make deploy') });
    expect(first).toMatchObject({
      created: true,
      conversation: { title: 'Deploy chat', namespace: 'user:42', message_count: 2 },
      appended: [{ seq: 1 }, { seq: 2 }],
    });
    expect(first.conversation.id).toMatch(/^[0-9A-Z]{26}$/);
    const second = await h.call<Appended>('conversation_append', {
      conversation_id: first.conversation.id,
      messages: [{ role: 'user', content: 'my token is ghp_abcdefghijklmnopqrstuvwxyz0123456789, ok?' }],
    });
    expect(second).toMatchObject({ created: false, redacted_secrets: 1, appended: [{ seq: 3, role: 'user' }] });
    const got = await h.call<{ messages: Array<{ content: string }> }>('conversation_get', { conversation_id: first.conversation.id, last_n: 1 });
    expect(got.messages[0]!.content).toBe('my token is [REDACTED:github_token], ok?');
  });

  it('accepts a caller-chosen id, refuses another namespace, bounds the batch and the content', async () => {
    expect((await h.call<Appended>('conversation_append', { conversation_id: 'session-abc', messages: say('hi') })).conversation.id).toBe('session-abc');
    expect(await h.fail('conversation_append', { conversation_id: 'session-abc', namespace: 'user:7', messages: say('hi') })).toMatch(
      /belongs to namespace "user:42"/,
    );
    expect(await h.fail('conversation_append', { messages: [] })).toMatch(/messages/);
    expect(await h.fail('conversation_append', { messages: [{ role: 'robot', content: 'x' }] })).toMatch(/role/);
    expect(await h.fail('conversation_append', { messages: say('ok', 'y'.repeat(20_001)) })).toMatch(/message 2 has 20001 characters/);
  });
});

describe('conversation_get', () => {
  it('reads the last messages or a window around a seq, with paging flags', async () => {
    const { conversation } = await h.call<Appended>('conversation_append', { messages: say(...Array.from({ length: 30 }, (_, i) => `message ${i + 1}`)) });
    const last = await h.call<{ messages: Array<{ seq: number }>; from_seq: number; to_seq: number; has_more_before: boolean; has_more_after: boolean }>(
      'conversation_get',
      { conversation_id: conversation.id },
    );
    expect(last).toMatchObject({ from_seq: 11, to_seq: 30, has_more_before: true, has_more_after: false });
    expect(last.messages).toHaveLength(20);
    const around = await h.call<typeof last>('conversation_get', { conversation_id: conversation.id, around_seq: 3, before: 5, after: 2 });
    expect(around).toMatchObject({ from_seq: 1, to_seq: 5, has_more_before: false, has_more_after: true });
    expect(around.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await h.fail('conversation_get', { conversation_id: conversation.id, last_n: 2, around_seq: 2 })).toMatch(/not both/);
    expect(await h.fail('conversation_get', { conversation_id: 'missing' })).toMatch(/No conversation has id missing/);
  });
});

describe('conversation_list, conversation_search, conversation_delete', () => {
  it('lists with a cursor, searches messages, deletes with the count', async () => {
    const a = await h.call<Appended>('conversation_append', { conversation_id: 'a', messages: say('the nightly build broke') });
    await h.call('conversation_append', { conversation_id: 'b', messages: say('lunch plans', 'pizza') });
    const page = await h.call<{ conversations: Array<{ id: string }>; next_cursor: string | null }>('conversation_list', { limit: 1 });
    expect(page.conversations).toHaveLength(1);
    const next = await h.call<typeof page>('conversation_list', { limit: 1, cursor: page.next_cursor });
    expect([page.conversations[0]!.id, next.conversations[0]!.id].sort()).toEqual(['a', 'b']);
    expect(next.next_cursor).toBeNull();
    expect(await h.fail('conversation_list', { cursor: 'garbage' })).toMatch(/not a next_cursor/);

    const found = await h.call<{ count: number; results: Array<{ conversation_id: string; seq: number; snippet: string }> }>('conversation_search', {
      query: 'builds broken',
    });
    expect(found.results).toMatchObject([{ conversation_id: 'a', seq: 1 }]);
    expect(found.results[0]!.snippet).toContain('**build**');
    expect((await h.call<typeof found>('conversation_search', { query: 'pizza', role: 'user' })).count).toBe(0);

    expect(await h.call('conversation_delete', { conversation_id: a.conversation.id })).toEqual({ conversation_id: 'a', messages_deleted: 1 });
    expect(await h.fail('conversation_delete', { conversation_id: 'a' })).toMatch(/No conversation/);
  });
});
