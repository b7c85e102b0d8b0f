import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendConfig } from '../../src/config/schema.js';
import {
  type MigratableStore,
  type Migration,
  MigrationChecksumError,
  StoreConflictError,
  StoreNotFoundError,
  migrations,
  sqlFor,
} from '../../src/store/index.js';

/** A fresh, empty database (SQLite temp file, PostgreSQL schema) for one test. */
export interface StoreFixture {
  /** A new store instance over this database; call several times to act as several replicas. */
  open(options?: { migrations?: readonly Migration[] }): MigratableStore;
  /** Drops the database; every store opened on it is already closed. */
  dispose(): Promise<void>;
}

const stdio = (command: string, extra: Record<string, unknown> = {}): BackendConfig =>
  ({ command, args: [], env: {}, enabled: true, ...extra }) as BackendConfig;

/**
 * The one behavioural contract of Store, registered once per engine so that
 * SQLite and PostgreSQL are held to the very same tests.
 */
export function storeContract(engine: 'sqlite' | 'postgres', freshDatabase: () => Promise<StoreFixture>): void {
  describe(`${engine} store contract`, () => {
    let fixture: StoreFixture;
    let opened: MigratableStore[];
    let store: MigratableStore;

    const open = (options?: { migrations?: readonly Migration[] }): MigratableStore => {
      const s = fixture.open(options);
      opened.push(s);
      return s;
    };

    beforeEach(async () => {
      fixture = await freshDatabase();
      opened = [];
      store = open();
    });

    afterEach(async () => {
      await Promise.all(opened.map((s) => s.close()));
      await fixture.dispose();
    });

    describe('migrations', () => {
      it('applies every migration once, and a second migrate is a no-op', async () => {
        expect(store.engine).toBe(engine);
        await store.migrate();
        const first = await store.appliedMigrations();
        expect(first.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
        expect(first[0]).toMatchObject({ version: 1, name: 'create_mcp_configs', checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
        expect(Number.isNaN(Date.parse(first[0]!.appliedAt))).toBe(false);

        await store.migrate();
        expect(await store.appliedMigrations()).toEqual(first);
      });

      it('is safe when several instances migrate at once', async () => {
        const replicas = [store, open(), open(), open()];
        await Promise.all(replicas.map((r) => r.migrate()));
        const applied = await store.appliedMigrations();
        expect(applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
        // every replica sees the same, usable schema
        await replicas[1]!.createConfig('shared', stdio('node'));
        expect((await replicas[3]!.getConfig('shared'))?.version).toBe(1);
      });

      it('refuses to run when an applied migration was edited', async () => {
        await store.migrate();
        const tampered = migrations.map((m, i) =>
          i === 0 ? { ...m, sqlite: `${sqlFor(m, 'sqlite')} -- edited`, postgres: `${sqlFor(m, 'postgres')} -- edited` } : m,
        );
        const edited = open({ migrations: tampered });
        await expect(edited.migrate()).rejects.toBeInstanceOf(MigrationChecksumError);
        await expect(edited.migrate()).rejects.toThrow(/migration 1 \(create_mcp_configs\).*must not be edited/);
        // re-indenting is not an edit
        const reindented = migrations.map((m) => ({ ...m, sqlite: `\n  ${sqlFor(m, 'sqlite')}\n`, postgres: `\t${sqlFor(m, 'postgres')}  ` }));
        await expect(open({ migrations: reindented }).migrate()).resolves.toBeUndefined();
      });

      it('rolls a failing migration back entirely and records nothing', async () => {
        const good: Migration = { version: 1000, name: 'extra_table', sql: 'CREATE TABLE extra_table (id INTEGER PRIMARY KEY)' };
        const bad: Migration = { ...good, sql: `${good.sql}; INSERT INTO no_such_table VALUES (1)` };
        await expect(open({ migrations: [...migrations, bad] }).migrate()).rejects.toThrow(/no_such_table/);
        expect((await store.appliedMigrations()).map((m) => m.version)).toEqual(migrations.map((m) => m.version));
        // CREATE TABLE extra_table would fail now had the first statement survived
        await open({ migrations: [...migrations, good] }).migrate();
        expect((await store.appliedMigrations()).at(-1)).toMatchObject({ version: 1000, name: 'extra_table' });
        // an older replica that does not know migration 1000 still starts (rolling deploy)
        await expect(open().migrate()).resolves.toBeUndefined();
      });
    });

    describe('configs', () => {
      beforeEach(() => store.migrate());

      it('creates, reads, lists, updates and deletes', async () => {
        expect(await store.listConfigs()).toEqual([]);
        const created = await store.createConfig('github', stdio('npx', { args: ['-y', 'gh-mcp'] }));
        expect(created).toMatchObject({ name: 'github', version: 1, config: { command: 'npx', args: ['-y', 'gh-mcp'] } });
        expect(created.createdAt).toBe(created.updatedAt);
        expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);

        await store.createConfig('alpha', { type: 'http', url: 'http://127.0.0.1:9101/mcp', headers: {}, enabled: true });
        expect(await store.getConfig('github')).toEqual(created);
        expect((await store.listConfigs()).map((c) => c.name)).toEqual(['alpha', 'github']);

        const updated = await store.updateConfig('github', stdio('node', { enabled: false }));
        expect(updated).toMatchObject({ name: 'github', version: 2, createdAt: created.createdAt, config: { command: 'node', enabled: false } });
        expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
        expect(await store.getConfig('github')).toEqual(updated);

        expect(await store.deleteConfig('github')).toBe(true);
        expect(await store.getConfig('github')).toBeUndefined();
        expect((await store.listConfigs()).map((c) => c.name)).toEqual(['alpha']);
      });

      it('rejects a duplicate create and leaves the original untouched', async () => {
        const original = await store.createConfig('dup', stdio('one'));
        await expect(store.createConfig('dup', stdio('two'))).rejects.toBeInstanceOf(StoreConflictError);
        expect(await store.getConfig('dup')).toEqual(original);
      });

      it('lets only one of two concurrent creates of the same name win', async () => {
        const results = await Promise.allSettled([store.createConfig('race', stdio('a')), open().createConfig('race', stdio('b'))]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(StoreConflictError);
      });

      it('enforces optimistic concurrency with expectedVersion', async () => {
        await store.createConfig('occ', stdio('v1'));
        const v2 = await store.updateConfig('occ', stdio('v2'), 1);
        expect(v2.version).toBe(2);
        const stale = store.updateConfig('occ', stdio('stale'), 1);
        await expect(stale).rejects.toBeInstanceOf(StoreConflictError);
        await expect(store.updateConfig('occ', stdio('stale'), 1)).rejects.toThrow(/version 2, not 1/);
        expect((await store.getConfig('occ'))?.config).toMatchObject({ command: 'v2' });
        // without expectedVersion: last writer wins, version still bumps
        expect((await store.updateConfig('occ', stdio('v3'))).version).toBe(3);
      });

      it('lets exactly one of two writers with the same expectedVersion win', async () => {
        await store.createConfig('contended', stdio('v1'));
        const other = open();
        const results = await Promise.allSettled([store.updateConfig('contended', stdio('mine'), 1), other.updateConfig('contended', stdio('theirs'), 1)]);
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(StoreConflictError);
        expect(await store.getConfig('contended')).toEqual((won[0] as PromiseFulfilledResult<unknown>).value);
      });

      it('reports missing records', async () => {
        expect(await store.getConfig('ghost')).toBeUndefined();
        await expect(store.updateConfig('ghost', stdio('x'))).rejects.toBeInstanceOf(StoreNotFoundError);
        await expect(store.updateConfig('ghost', stdio('x'), 1)).rejects.toBeInstanceOf(StoreNotFoundError);
        expect(await store.deleteConfig('ghost')).toBe(false);
        await store.createConfig('once', stdio('x'));
        expect(await store.deleteConfig('once')).toBe(true);
        expect(await store.deleteConfig('once')).toBe(false);
      });

      it('returns configs exactly as written: nesting, unicode, passthrough fields, key order', async () => {
        const config = {
          zeta: 'declared last-first on purpose',
          command: 'python3',
          args: ['-m', 'srv', '--flag="quoted"', 'back\\slash', 'line\nbreak\ttab'],
          env: { GREETING: 'héllo wörld — 你好 — مرحبا — 🚀👩‍💻', EMPTY: '' },
          enabled: true,
          weight: 0,
          namespace: '',
          description: 'e\u0301 (combining) vs é, NUL \u0000 inside, lone surrogate \ud800',
          extraFromAnotherTool: { nested: { deeper: [1, -2.5, 1e-7, Number.MAX_SAFE_INTEGER, null, true, [], {}] } },
          'key with spaces': { ключ: ['значение'] },
        } as unknown as BackendConfig;
        await store.createConfig('fidelity', config);
        const read = await store.getConfig('fidelity');
        expect(read?.config).toStrictEqual(config);
        expect(Object.keys(read!.config)).toEqual(Object.keys(config));
        expect(JSON.stringify(read!.config)).toBe(JSON.stringify(config));

        const changed = { ...config, extraFromAnotherTool: { replaced: '✓' } } as unknown as BackendConfig;
        const updated = await store.updateConfig('fidelity', changed, 1);
        expect(updated.config).toStrictEqual(changed);
        expect((await store.listConfigs())[0]?.config).toStrictEqual(changed);
      });

      it('handles 500 configs (bulk create and list smoke test)', async () => {
        const names = Array.from({ length: 500 }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
        const started = performance.now();
        await Promise.all(names.map((n, i) => store.createConfig(n, stdio('node', { args: [`server-${i}.js`], port: 10_000 + i }))));
        const created = performance.now();
        const all = await store.listConfigs();
        const listed = performance.now();
        console.info(`[${engine}] 500 creates: ${(created - started).toFixed(0)} ms, list of 500: ${(listed - created).toFixed(1)} ms`);
        expect(all.map((c) => c.name)).toEqual(names);
        expect(all[499]?.config).toMatchObject({ args: ['server-499.js'], port: 10_499 });
      });

      it('answers ping with latency and server version', async () => {
        const pong = await store.ping();
        expect(pong.latencyMs).toBeGreaterThanOrEqual(0);
        expect(pong.version).toMatch(/^\d+\.\d+/);
      });

      it('closes idempotently', async () => {
        await store.close();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}
