import { isToolError } from '@mcp/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guardStore } from '../../src/client.js';
import { contentHash } from '../../src/content.js';
import { type Migration, MigrationChecksumError, sqlFor } from '@mcp/sql';
import { migrations } from '../../src/store/schema.js';
import type { MemoryStore, NewMemory } from '../../src/store/types.js';
import { newId } from '../../src/tools/memory-store.js';

/** A fresh, empty database for one test; `open` may be called several times (several replicas). */
export interface StoreFixture {
  open(options?: { migrations?: readonly Migration[] }): MemoryStore;
  dispose(): Promise<void>;
}

export const T0 = '2025-06-01T10:00:00.000Z';
export const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export function memory(content: string, extra: Partial<NewMemory> = {}): NewMemory {
  return {
    id: newId(),
    namespace: 'user:42',
    kind: 'fact',
    content,
    content_hash: contentHash(extra.content ?? content),
    tags: [],
    importance: 0.5,
    source_message_id: null,
    expires_at: null,
    ...extra,
  };
}

/** The behavioural contract of MemoryStore, registered once per engine: SQLite and PostgreSQL pass the very same tests. */
export function storeContract(engine: 'sqlite' | 'postgres', freshDatabase: () => Promise<StoreFixture>): void {
  describe(`${engine} memory store contract`, () => {
    let fixture: StoreFixture;
    let opened: MemoryStore[];
    let store: MemoryStore;
    const open = (options?: { migrations?: readonly Migration[] }) => {
      const s = fixture.open(options);
      opened.push(s);
      return s;
    };

    beforeEach(async () => {
      fixture = await freshDatabase();
      opened = [];
      store = open();
      await store.migrate();
    });
    afterEach(async () => {
      await Promise.all(opened.map((s) => s.close()));
      await fixture.dispose();
    });

    describe('migrations (schema_version)', () => {
      it('applies each migration once; migrating again, or from several replicas at once, is a no-op', async () => {
        const first = await store.appliedMigrations();
        expect(first.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
        expect(first[0]).toMatchObject({ version: 1, checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
        const replicas = [store, open(), open(), open()];
        await Promise.all(replicas.map((r) => r.migrate()));
        expect(await replicas[2]!.appliedMigrations()).toEqual(first);
        expect((await replicas[3]!.health()).schema_version).toBe(migrations.at(-1)!.version);
      });

      it('refuses to start when a released migration was edited', async () => {
        const tampered = migrations.map((m, i) =>
          i === 0 ? { ...m, sqlite: `${sqlFor(m, 'sqlite')} -- edited`, postgres: `${sqlFor(m, 'postgres')} -- edited` } : m,
        );
        await expect(open({ migrations: tampered }).migrate()).rejects.toBeInstanceOf(MigrationChecksumError);
      });
    });

    it('reports health: engine, version, integrity, full-text search and counts', async () => {
      await store.storeMemory(memory('The user prefers dark mode'), T0);
      const h = await store.health();
      expect(h).toMatchObject({
        engine,
        integrity: 'ok',
        full_text: true,
        schema_version: 1,
        counts: { memories: 1, active_memories: 1, conversations: 0, messages: 0 },
      });
      expect(h.version).toMatch(engine === 'sqlite' ? /^3\.\d+/ : /^PostgreSQL \d+/);
    });

    describe('store and dedupe', () => {
      it('stores a memory with every column', async () => {
        const m = memory('The user prefers dark mode', { tags: ['ui'], importance: 0.7, expires_at: at(60) });
        const { memory: saved, created } = await store.storeMemory(m, T0);
        expect(created).toBe(true);
        expect(saved).toEqual({
          ...m,
          created_at: T0,
          updated_at: T0,
          last_accessed_at: null,
          access_count: 0,
          deleted_at: null,
        });
      });

      it('merges a duplicate (same namespace + content_hash): max importance, tag union, later expiry, restored', async () => {
        const first = await store.storeMemory(memory('Deploys happen on Tuesdays', { tags: ['ops', 'deploy'], importance: 0.8, expires_at: at(60) }), T0);
        await store.softDeleteMemories({ id: first.memory.id }, { dryRun: false, now: at(1) });
        const again = await store.storeMemory(memory('Deploys happen on Tuesdays', { tags: ['calendar', 'ops'], importance: 0.3, expires_at: at(120) }), at(2));
        expect(again.created).toBe(false);
        expect(again.memory).toMatchObject({
          id: first.memory.id,
          importance: 0.8,
          tags: ['calendar', 'deploy', 'ops'],
          expires_at: at(120),
          deleted_at: null,
          updated_at: at(2),
          created_at: T0,
        });
        const forever = await store.storeMemory(memory('Deploys happen on Tuesdays', { expires_at: null }), at(3));
        expect(forever.memory.expires_at).toBeNull();
        expect((await store.health()).counts.memories).toBe(1);
        const elsewhere = await store.storeMemory(memory('Deploys happen on Tuesdays', { namespace: 'project:x' }), at(4));
        expect(elsewhere.created).toBe(true);
      });
    });

    describe('get, update, restore', () => {
      it('get bumps the access counters; expired and deleted memories need includeInactive', async () => {
        const { memory: m } = await store.storeMemory(memory('Short-lived fact', { expires_at: at(10) }), T0);
        const got = await store.getMemory(m.id, { includeInactive: false, touch: true, now: at(1) });
        expect(got).toMatchObject({ access_count: 1, last_accessed_at: at(1) });
        expect(await store.getMemory(m.id, { includeInactive: false, touch: true, now: at(11) })).toBeUndefined();
        expect(await store.getMemory(m.id, { includeInactive: true, touch: true, now: at(11) })).toMatchObject({ id: m.id, access_count: 1 });
        expect(await store.getMemory(newId(), { includeInactive: true, touch: false, now: at(1) })).toBeUndefined();
      });

      it('update patches fields, keeps the FTS index in step, and refuses duplicate content naming the holder', async () => {
        const a = (await store.storeMemory(memory('The staging cluster runs Kubernetes 1.29'), T0)).memory;
        const b = (await store.storeMemory(memory('Production runs on bare metal'), T0)).memory;
        const updated = await store.updateMemory(
          a.id,
          {
            content: 'The staging cluster runs Nomad',
            content_hash: contentHash('The staging cluster runs Nomad'),
            tags: ['infra'],
            importance: 0.9,
            expires_at: at(30),
          },
          at(1),
        );
        expect(updated).toMatchObject({ content: 'The staging cluster runs Nomad', tags: ['infra'], importance: 0.9, expires_at: at(30), updated_at: at(1) });
        expect(await store.searchMemories({ namespace: 'user:42', query: 'kubernetes', match: 'any', limit: 5 }, at(2))).toEqual([]);
        expect((await store.searchMemories({ namespace: 'user:42', query: 'nomad', match: 'any', limit: 5 }, at(2))).map((h) => h.id)).toEqual([a.id]);
        const clash = store.updateMemory(a.id, { content: b.content, content_hash: b.content_hash }, at(3));
        await expect(clash).rejects.toMatchObject({ code: 'conflict', details: { existing_id: b.id } });
        expect(await store.updateMemory(newId(), { importance: 0.1 }, at(3))).toBeUndefined();
        expect(await store.updateMemory(a.id, { expires_at: null }, at(4))).toMatchObject({ expires_at: null });
      });

      it('soft delete hides, restore brings back; both by id', async () => {
        const { memory: m } = await store.storeMemory(memory('Likes green tea'), T0);
        expect(await store.softDeleteMemories({ id: m.id }, { dryRun: false, now: at(1) })).toEqual({ count: 1, ids: [m.id] });
        expect(await store.softDeleteMemories({ id: m.id }, { dryRun: false, now: at(2) })).toEqual({ count: 0, ids: [] });
        expect(await store.getMemory(m.id, { includeInactive: false, touch: false, now: at(2) })).toBeUndefined();
        expect(await store.updateMemory(m.id, { importance: 1 }, at(2))).toBeUndefined();
        expect(await store.restoreMemory(m.id, at(3))).toMatchObject({ id: m.id, deleted_at: null, updated_at: at(3) });
        expect(await store.restoreMemory(newId(), at(3))).toBeUndefined();
      });
    });

    describe('search', () => {
      beforeEach(async () => {
        await store.storeMemory(memory('The user prefers the Helix editor over Vim', { kind: 'preference', tags: ['editor', 'tools'] }), T0);
        await store.storeMemory(memory('The user is running a marathon in October', { tags: ['sport'] }), T0);
        await store.storeMemory(memory('Vim keybindings are enabled in the IDE; Vim is the fallback editor', { kind: 'note', tags: ['editor'] }), T0);
        await store.storeMemory(memory('Temporary: the editor license expires soon', { expires_at: at(5) }), T0);
        await store.storeMemory(memory('Another namespace also mentions the editor', { namespace: 'user:7' }), T0);
      });
      const search = (query: string, extra: Partial<Parameters<MemoryStore['searchMemories']>[0]> = {}, now = at(1)) =>
        store.searchMemories({ namespace: 'user:42', query, match: 'any', limit: 10, ...extra }, now);

      it('ranks best first with snippets, within the namespace, skipping expired ones', async () => {
        const hits = await search('vim editor');
        expect(hits).toHaveLength(3);
        expect(hits[0]!.content).toMatch(/^Vim keybindings/);
        expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
        expect(hits[0]!.snippet).toContain('**');
        expect(hits.every((h) => h.namespace === 'user:42')).toBe(true);
        expect((await search('license', {}, at(6))).map((h) => h.content)).toEqual([]);
      });

      it('stems English words and filters by kind, tags and match mode', async () => {
        expect((await search('runs')).map((h) => h.content)).toEqual(['The user is running a marathon in October']);
        expect((await search('editor', { kind: 'preference' })).map((h) => h.kind)).toEqual(['preference']);
        expect((await search('editor', { tags: ['editor', 'tools'] })).map((h) => h.tags)).toEqual([['editor', 'tools']]);
        expect((await search('helix marathon', { match: 'all' })).length).toBe(0);
        expect((await search('helix marathon', { match: 'any' })).length).toBe(2);
        expect((await search('tools')).length).toBe(1); // tags are searchable too
      });

      it('treats every query as plain words: operators and punctuation never raise syntax errors', async () => {
        for (const q of [
          '"',
          'vim"',
          'AND OR NOT',
          'editor*',
          '(editor',
          'content:vim',
          'NEAR(vim editor)',
          '-vim',
          '^vim',
          'vim OR',
          '🙂 editor',
          "user's editor",
          '!!!',
          '\\',
        ]) {
          await expect(search(q), q).resolves.toBeInstanceOf(Array);
        }
        expect((await search('editor*')).length).toBeGreaterThan(0);
      });

      it('counts each hit as an access', async () => {
        const [hit] = await search('marathon');
        expect(hit).toMatchObject({ access_count: 1, last_accessed_at: at(1) });
        expect(await store.getMemory(hit!.id, { includeInactive: false, touch: false, now: at(2) })).toMatchObject({ access_count: 1 });
      });
    });

    it('lists newest first with keyset paging, hiding inactive ones unless asked', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await store.storeMemory(memory(`fact number ${i}`, { tags: i % 2 ? ['odd'] : [] }), T0)).memory.id);
      await store.softDeleteMemories({ id: ids[4]! }, { dryRun: false, now: at(1) });
      const page1 = await store.listMemories({ namespace: 'user:42', includeInactive: false, limit: 2 }, at(2));
      expect(page1.map((m) => m.id)).toEqual([ids[3], ids[2]]);
      const page2 = await store.listMemories({ namespace: 'user:42', includeInactive: false, limit: 5, before: ids[2] }, at(2));
      expect(page2.map((m) => m.id)).toEqual([ids[1], ids[0]]);
      expect((await store.listMemories({ namespace: 'user:42', includeInactive: true, limit: 10 }, at(2))).length).toBe(5);
      expect((await store.listMemories({ namespace: 'user:42', includeInactive: false, limit: 10, tags: ['odd'] }, at(2))).map((m) => m.id)).toEqual([
        ids[3],
        ids[1],
      ]);
    });

    it('soft-deletes by namespace and filters, with a dry run first', async () => {
      const keep = (await store.storeMemory(memory('keep me', { tags: ['keep'] }), T0)).memory;
      const old = (await store.storeMemory(memory('old draft', { tags: ['draft'] }), T0)).memory;
      const recent = (await store.storeMemory(memory('new draft', { tags: ['draft'] }), at(10))).memory;
      const dry = await store.softDeleteMemories({ namespace: 'user:42', tags: ['draft'] }, { dryRun: true, now: at(20) });
      expect(dry).toEqual({ count: 2, ids: [old.id, recent.id].sort() });
      expect((await store.health()).counts.active_memories).toBe(3);
      const done = await store.softDeleteMemories({ namespace: 'user:42', tags: ['draft'], created_before: at(5) }, { dryRun: false, now: at(20) });
      expect(done).toEqual({ count: 1, ids: [old.id] });
      expect(await store.getMemory(keep.id, { includeInactive: false, touch: false, now: at(21) })).toBeDefined();
    });

    it('purges expired, soft-deleted and (asked for) old active memories, counting each class', async () => {
      await store.storeMemory(memory('expired one', { expires_at: at(1) }), T0);
      const deleted = (await store.storeMemory(memory('deleted one'), T0)).memory;
      await store.softDeleteMemories({ id: deleted.id }, { dryRun: false, now: T0 });
      await store.storeMemory(memory('old active'), T0);
      await store.storeMemory(memory('new active'), at(100));
      await store.storeMemory(memory('other namespace expired', { namespace: 'user:7', expires_at: at(1) }), T0);
      const base = { namespace: 'user:42', includeSoftDeleted: true, includeActive: false, now: at(200) };
      expect(await store.purgeMemories({ ...base, dryRun: true })).toEqual({ expired: 1, soft_deleted: 1, active: 0 });
      expect(await store.purgeMemories({ ...base, includeActive: true, olderThan: at(50), dryRun: true })).toEqual({ expired: 1, soft_deleted: 1, active: 1 });
      expect(await store.purgeMemories({ ...base, includeSoftDeleted: false, dryRun: false })).toEqual({ expired: 1, soft_deleted: 0, active: 0 });
      expect(await store.purgeMemories({ ...base, includeActive: true, olderThan: at(50), dryRun: false })).toEqual({ expired: 0, soft_deleted: 1, active: 1 });
      expect((await store.health()).counts).toMatchObject({ memories: 2, active_memories: 1 });
      expect(await store.restoreMemory(deleted.id, at(201))).toBeUndefined();
    });

    describe('conversations', () => {
      const append = (conversationId: string, contents: string[], extra: Partial<Parameters<MemoryStore['appendMessages']>[0]> = {}) =>
        store.appendMessages({
          conversationId,
          namespace: 'user:42',
          messages: contents.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content, metadata: {} })),
          now: T0,
          ...extra,
        });

      it('creates on first append, continues seq, merges metadata, refuses another namespace', async () => {
        const first = await append('conv-1', ['hello', 'hi, how can I help?'], { title: 'Greeting', metadata: { channel: 'cli' } });
        expect(first.created).toBe(true);
        expect(first.messages.map((m) => m.seq)).toEqual([1, 2]);
        const second = await append('conv-1', ['what is the deploy day?'], { metadata: { topic: 'ops' }, now: at(1) });
        expect(second.created).toBe(false);
        expect(second.messages[0]).toMatchObject({ seq: 3, role: 'user', conversation_id: 'conv-1', created_at: at(1) });
        expect(second.conversation).toMatchObject({
          title: 'Greeting',
          metadata: { channel: 'cli', topic: 'ops' },
          message_count: 3,
          last_seq: 3,
          updated_at: at(1),
          created_at: T0,
        });
        await expect(append('conv-1', ['x'], { namespace: 'user:7' })).rejects.toSatisfy((e: unknown) => isToolError(e) && e.code === 'invalid_input');
        expect((await store.getMessages('conv-1', 2, 3)).map((m) => m.content)).toEqual(['hi, how can I help?', 'what is the deploy day?']);
      });

      it('keeps seqs unique and gap-free under concurrent appends', async () => {
        await append('busy', ['start']);
        const other = open();
        await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? other : store).appendMessages({
              conversationId: 'busy',
              namespace: 'user:42',
              messages: [{ role: 'user', content: `m${i}`, metadata: {} }],
              now: T0,
            }),
          ),
        );
        const all = await store.getMessages('busy', 1, 100);
        expect(all.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      });

      it('lists by recency with keyset paging and searches messages', async () => {
        await append('a', ['the build failed on arm64'], { now: at(1) });
        await append('b', ['release notes drafted'], { now: at(2) });
        await append('c', ['the build is green again', 'great, ship the build'], { now: at(3) });
        const page1 = await store.listConversations({ namespace: 'user:42', limit: 2 });
        expect(page1.map((c) => c.id)).toEqual(['c', 'b']);
        const page2 = await store.listConversations({ namespace: 'user:42', limit: 2, before: { updated_at: page1[1]!.updated_at, id: page1[1]!.id } });
        expect(page2.map((c) => c.id)).toEqual(['a']);
        const hits = await store.searchMessages({ namespace: 'user:42', query: 'builds', match: 'any', limit: 10 });
        expect(hits.map((h) => h.conversation_id).sort()).toEqual(['a', 'c', 'c']);
        expect(hits[0]!.snippet).toContain('**');
        const assistant = await store.searchMessages({ namespace: 'user:42', query: 'build', match: 'any', role: 'assistant', limit: 10 });
        expect(assistant.map((h) => [h.conversation_id, h.seq])).toEqual([['c', 2]]);
        expect(await store.searchMessages({ namespace: 'user:7', query: 'build', match: 'any', limit: 10 })).toEqual([]);
      });

      it('deletes a conversation with its messages; memories citing them keep their content', async () => {
        const { messages } = await append('gone', ['my favourite colour is teal']);
        const { memory: m } = await store.storeMemory(memory('Favourite colour: teal', { source_message_id: messages[0]!.id }), T0);
        expect(m.source_message_id).toBe(messages[0]!.id);
        expect(await store.deleteConversation('gone')).toBe(1);
        expect(await store.deleteConversation('gone')).toBeUndefined();
        expect(await store.getConversation('gone')).toBeUndefined();
        expect(await store.searchMessages({ namespace: 'user:42', query: 'teal', match: 'any', limit: 5 })).toEqual([]);
        expect(await store.getMemory(m.id, { includeInactive: false, touch: false, now: T0 })).toMatchObject({
          source_message_id: null,
          content: 'Favourite colour: teal',
        });
      });
    });

    it('maps database errors to typed tool errors behind the guard (a dangling source_message_id)', async () => {
      const guarded = guardStore(store, { engine, variable: 'AI_MEMORY_DB_PATH', where: 'test', timeoutVariable: 'AI_MEMORY_TIMEOUT_MS' });
      await expect(guarded.storeMemory(memory('cites nothing', { source_message_id: 999_999 }), T0)).rejects.toMatchObject({ code: 'invalid_input' });
    });
  });
}
