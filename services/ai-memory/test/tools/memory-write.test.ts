import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type StoredMemory, startHarness } from '../harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const store = (args: Record<string, unknown>) => h.call<{ memory: StoredMemory; created: boolean }>('memory_store', args);

describe('memory_store', () => {
  it('stores in the default namespace with defaults, and dedupes whitespace-insensitively', async () => {
    const first = await store({ content: 'The user prefers  dark mode.', tags: ['UI', 'ui ', 'Theme'], ttl_days: 30 });
    expect(first.created).toBe(true);
    expect(first.memory).toMatchObject({ namespace: 'user:42', kind: 'note', importance: 0.5, tags: ['theme', 'ui'] });
    expect(Date.parse(first.memory.expires_at!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const again = await store({ content: 'The user prefers dark mode.', importance: 0.9, tags: ['prefs'] });
    expect(again).toMatchObject({ created: false, memory: { id: first.memory.id, importance: 0.9, tags: ['prefs', 'theme', 'ui'], expires_at: null } });
  });

  it('refuses secrets without echoing them, and content over the limit naming the variable', async () => {
    const cases = [
      'aws key AKIAIOSFODNN7EXAMPLE for deploys',
      'token ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----',
      'slack bot xoxb-123456789012-abcdefghijkl',
      'db password=hunter2hunter2',
    ];
    for (const content of cases) {
      const text = await h.fail('memory_store', { content });
      expect(text, content).toMatch(/looks like it contains a secret/);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    }
    expect((await store({ content: 'The password reset flow lives in auth-service' })).created).toBe(true);
    const big = await h.fail('memory_store', { content: 'x'.repeat(20_001) });
    expect(big).toMatch(/20001 characters; the limit is 20000 \(AI_MEMORY_MAX_CONTENT_CHARS\)/);
  });

  it('rejects bad input with the field named, and a dangling source_message_id', async () => {
    expect(await h.fail('memory_store', { content: 'x', kind: 'opinion' })).toMatch(/kind/);
    expect(await h.fail('memory_store', { content: 'x', namespace: 'bad namespace!' })).toMatch(/namespace/);
    expect(await h.fail('memory_store', { content: 'x', source_message_id: 4242 })).toMatch(/source_message_id does not name an existing message/);
  });
});

describe('memory_update', () => {
  it('patches fields, clears the expiry with null, refuses duplicates and empty patches', async () => {
    const a = (await store({ content: 'Standup is at 9:30', ttl_days: 1 })).memory;
    const b = (await store({ content: 'Retro is on Fridays' })).memory;
    const updated = await h.call<{ memory: StoredMemory }>('memory_update', {
      id: a.id,
      content: 'Standup is at 10:00',
      kind: 'fact',
      ttl_days: null,
      tags: ['Meetings'],
    });
    expect(updated.memory).toMatchObject({ content: 'Standup is at 10:00', kind: 'fact', expires_at: null, tags: ['meetings'] });
    expect(await h.fail('memory_update', { id: a.id, content: 'Retro is on  Fridays' })).toMatch(new RegExp(`duplicates memory ${b.id}`));
    expect(await h.fail('memory_update', { id: a.id })).toMatch(/Nothing to update/);
    expect(await h.fail('memory_update', { id: a.id, content: 'pwd: s3cr3tvalue' })).toMatch(/secret/);
    expect(await h.fail('memory_update', { id: '01HZZZZZZZZZZZZZZZZZZZZZZZ', importance: 1 })).toMatch(/No active memory/);
  });
});

describe('memory_delete and memory_restore', () => {
  it('soft-deletes one by id, restores it; unknown ids are not found', async () => {
    const m = (await store({ content: 'Parking spot 14' })).memory;
    expect(await h.call('memory_delete', { id: m.id })).toEqual({ deleted: 1, ids: [m.id], dry_run: false });
    expect(await h.fail('memory_get', { id: m.id })).toMatch(/include_inactive/);
    expect(await h.fail('memory_delete', { id: m.id })).toMatch(/No memory with id/);
    expect((await h.call<{ memory: StoredMemory }>('memory_restore', { id: m.id })).memory.deleted_at).toBeNull();
    expect(await h.fail('memory_restore', { id: '01HZZZZZZZZZZZZZZZZZZZZZZZ' })).toMatch(/purged/);
  });

  it('bulk deletes need a namespace and a filter (or all: true); dry_run changes nothing', async () => {
    await store({ content: 'draft one', tags: ['draft'] });
    await store({ content: 'draft two', tags: ['draft'] });
    await store({ content: 'final', tags: ['final'] });
    expect(await h.fail('memory_delete', {})).toMatch(/an id, or a namespace/);
    expect(await h.fail('memory_delete', { namespace: 'user:42' })).toMatch(/every memory of user:42/);
    expect(await h.fail('memory_delete', { id: '01HZZZZZZZZZZZZZZZZZZZZZZZ', namespace: 'user:42' })).toMatch(/not both/);
    expect(await h.fail('memory_delete', { namespace: 'user:42', created_before: 'last tuesday' })).toMatch(/not a date/);
    expect(await h.call('memory_delete', { namespace: 'user:42', tags: ['draft'], dry_run: true })).toMatchObject({ deleted: 2, dry_run: true });
    expect(await h.call('memory_delete', { namespace: 'user:42', tags: ['draft'] })).toMatchObject({ deleted: 2, dry_run: false });
    expect(await h.call('memory_delete', { namespace: 'user:42', all: true })).toMatchObject({ deleted: 1 });
  });
});

describe('memory_purge', () => {
  it('hard-deletes soft-deleted memories; active ones only with include_active + older_than', async () => {
    const m = (await store({ content: 'to be purged' })).memory;
    await store({ content: 'stays' });
    await h.call('memory_delete', { id: m.id });
    expect(await h.fail('memory_purge', { namespace: 'user:42', include_active: true })).toMatch(/include_active needs older_than/);
    expect(await h.call('memory_purge', { namespace: 'user:42', dry_run: true })).toEqual({
      purged: 1,
      by_class: { expired: 0, soft_deleted: 1, active: 0 },
      dry_run: true,
    });
    expect(await h.call('memory_purge', { namespace: 'user:42' })).toMatchObject({ purged: 1 });
    expect(await h.fail('memory_restore', { id: m.id })).toMatch(/No memory has id/);
    expect(await h.call('memory_purge', { namespace: 'user:42', include_active: true, older_than: '30d' })).toMatchObject({ purged: 0 });
    expect(await h.call('memory_purge', { namespace: 'user:42', include_active: true, older_than: '2999-01-01' })).toMatchObject({
      purged: 1,
      by_class: { active: 1 },
    });
  });
});
