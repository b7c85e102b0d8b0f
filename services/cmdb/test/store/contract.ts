import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retireCi, upsertCi } from '../../src/ops/ci-write.js';
import { dependencyGraph } from '../../src/ops/graph.js';
import { impactAnalysis } from '../../src/ops/impact.js';
import { addRelationship, removeRelationship } from '../../src/ops/relationships.js';
import { type Migration, MigrationChecksumError, sqlFor } from '@mcp/sql';
import { migrations } from '../../src/store/schema.js';
import type { CmdbStore } from '../../src/store/types.js';
import { BUILTIN_TYPES } from '../../src/rules.js';
import { RELATIONSHIP_TYPES } from '../../src/models.js';
import { ci, ctx, estate, link, type StoreFixture, T0 } from './fixture.js';

const ACTIVE = ['planned', 'active', 'maintenance'];

/** The behavioural contract of the CMDB (store + rules), registered once per engine. */
export function cmdbContract(engine: 'sqlite' | 'postgres', freshDatabase: () => Promise<StoreFixture>): void {
  describe(`${engine} cmdb contract`, () => {
    let fixture: StoreFixture;
    let opened: CmdbStore[];
    let store: CmdbStore;
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

    it('migrates once (schema_version), safely from several replicas, refuses an edited migration, seeds the types', async () => {
      const first = await store.appliedMigrations();
      expect(first.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
      await Promise.all([store, open(), open()].map((r) => r.migrate()));
      expect(await store.appliedMigrations()).toEqual(first);
      const tampered = migrations.map((m) => ({ ...m, sqlite: `${sqlFor(m, 'sqlite')} -- x`, postgres: `${sqlFor(m, 'postgres')} -- x` }));
      await expect(open({ migrations: tampered }).migrate()).rejects.toBeInstanceOf(MigrationChecksumError);
      expect((await store.listTypes()).map((t) => t.name)).toEqual(BUILTIN_TYPES.map((t) => t.name).sort());
      expect(await store.health()).toMatchObject({
        engine,
        integrity: 'ok',
        full_text: true,
        schema_version: 1,
        counts: { ci_types: 15, configuration_items: 0 },
      });
    });

    describe('ci upsert', () => {
      it('creates with defaults, tags and history; validates attributes against the type schema', async () => {
        const { ci: created, created: isNew } = await upsertCi(
          store,
          {
            type: 'vm',
            name: 'web-1',
            attributes: { cpu_cores: 2 },
            tags: [
              { key: 'env', value: 'prod' },
              { key: 'cost', value: '42' },
            ],
          },
          ctx(),
        );
        expect(isNew).toBe(true);
        expect(created).toMatchObject({
          type: 'vm',
          name: 'web-1',
          status: 'active',
          criticality: 3,
          source: 'manual',
          version: 1,
          created_at: T0,
          retired_at: null,
        });
        expect(created.tags).toEqual([
          { key: 'cost', value: '42' },
          { key: 'env', value: 'prod' },
        ]);
        const [entry] = await store.history(created.id, 10);
        expect(entry).toMatchObject({ op: 'create', actor: 'tester', diff: [{ op: 'add', path: '', value: { name: 'web-1', type: 'vm' } }] });
        await expect(upsertCi(store, { type: 'vm', name: 'bad', attributes: { cpu_cores: 0 } }, ctx())).rejects.toMatchObject({
          code: 'invalid_input',
          message: expect.stringMatching(/attributes\.cpu_cores must be >= 1/),
        });
        await expect(upsertCi(store, { type: 'spaceship', name: 'x' }, ctx())).rejects.toMatchObject({
          message: expect.stringMatching(/Unknown CI type "spaceship"/),
        });
        await expect(upsertCi(store, { name: 'typeless' }, ctx())).rejects.toMatchObject({ message: expect.stringMatching(/needs type and name/) });
      });

      it('updates only the given fields, bumps the version, diffs in history; a no-op keeps the version', async () => {
        const c = await ci(store, { type: 'server', name: 'db-host', attributes: { os: 'linux' }, owner: 'ops' });
        const later = '2025-06-02T00:00:00.000Z';
        const { ci: updated, changed } = await upsertCi(
          store,
          { id: c.id, criticality: 5, attributes: { os: 'linux', memory_gb: 64 }, owner: null, expected_version: 1 },
          ctx({ now: later, reason: 'CHG-1' }),
        );
        expect(changed).toBe(true);
        expect(updated).toMatchObject({ version: 2, criticality: 5, owner: null, name: 'db-host', updated_at: later, created_at: T0 });
        const [entry] = await store.history(c.id, 1);
        expect(entry).toMatchObject({ op: 'update', reason: 'CHG-1', changed_at: later });
        expect(entry!.diff).toEqual(
          expect.arrayContaining([
            { op: 'replace', path: '/owner', value: null },
            { op: 'replace', path: '/criticality', value: 5 },
            { op: 'add', path: '/attributes/memory_gb', value: 64 },
          ]),
        );
        const again = await upsertCi(store, { id: c.id, criticality: 5 }, ctx());
        expect(again).toMatchObject({ changed: false, ci: { version: 2 } });
        expect((await store.history(c.id, 10)).length).toBe(2);
      });

      it('enforces the optimistic lock, also between concurrent writers', async () => {
        const c = await ci(store, { type: 'server', name: 'lock-test' });
        await expect(upsertCi(store, { id: c.id, name: 'x', expected_version: 7 }, ctx())).rejects.toMatchObject({
          code: 'conflict',
          details: { current_version: 1 },
        });
        // PostgreSQL: a second replica. SQLite: concurrent calls on one store (one connection per process; other
        // processes wait on BEGIN IMMEDIATE + busy_timeout).
        const other = engine === 'postgres' ? open() : store;
        const results = await Promise.allSettled([
          upsertCi(store, { id: c.id, name: 'first', expected_version: 1 }, ctx()),
          upsertCi(other, { id: c.id, name: 'second', expected_version: 1 }, ctx()),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
        expect((await store.getCi(c.id))!.version).toBe(2);
      });

      it('finds CIs by source + external_id (idempotent discovery), refuses type changes, un-retires', async () => {
        const first = await upsertCi(store, { source: 'k8s', external_id: 'uid-1', type: 'k8s_workload', name: 'api', attributes: { replicas: 2 } }, ctx());
        const second = await upsertCi(store, { source: 'k8s', external_id: 'uid-1', type: 'k8s_workload', name: 'api', attributes: { replicas: 2 } }, ctx());
        expect(second).toMatchObject({ created: false, changed: false, ci: { id: first.ci.id } });
        await expect(upsertCi(store, { id: first.ci.id, type: 'vm' }, ctx())).rejects.toMatchObject({ message: expect.stringMatching(/type cannot change/) });
        await retireCi(store, { id: first.ci.id, hard: false }, ctx());
        const back = await upsertCi(store, { id: first.ci.id, status: 'active' }, ctx());
        expect(back.ci).toMatchObject({ status: 'active', retired_at: null, version: 3 });
      });
    });

    describe('retire and purge', () => {
      it('retires (idempotent), purges with its relationships, keeps the history', async () => {
        const a = await ci(store, { type: 'application', name: 'a' });
        const b = await ci(store, { type: 'service', name: 'b' });
        await link(store, a.id, 'depends_on', b.id);
        const soft = await retireCi(store, { id: b.id, hard: false }, ctx());
        expect(soft).toMatchObject({ retired: true, purged: false, ci: { status: 'retired', retired_at: T0, version: 2 } });
        expect((await retireCi(store, { id: b.id, hard: false }, ctx())).ci.version).toBe(2);
        const hard = await retireCi(store, { id: b.id, hard: true }, ctx());
        expect(hard).toMatchObject({ purged: true, relationships_removed: 1 });
        expect(await store.getCi(b.id)).toBeUndefined();
        expect((await store.relationshipsOf(a.id, 10)).items).toEqual([]);
        const history = await store.history(b.id, 10);
        expect(history.map((h) => h.op)).toEqual(['purge', 'retire', 'relate', 'create']);
        expect(history[0]!.diff[0]).toMatchObject({ op: 'test', path: '', value: { name: 'b', status: 'retired' } });
        await expect(retireCi(store, { id: b.id, hard: true }, ctx())).rejects.toMatchObject({ code: 'not_found' });
      });
    });

    describe('relationships', () => {
      it('links, updates idempotently, enforces rules, unlinks — recorded on both CIs', async () => {
        const app = await ci(store, { type: 'application', name: 'app' });
        const vm = await ci(store, { type: 'vm', name: 'vm' });
        const bs = await ci(store, { type: 'business_service', name: 'Shop' });
        const first = await addRelationship(store, { source_id: app.id, target_id: vm.id, type: 'runs_on', weight: 1, attributes: {} }, ctx());
        expect(first.created).toBe(true);
        const same = await addRelationship(store, { source_id: app.id, target_id: vm.id, type: 'runs_on', weight: 1, attributes: {} }, ctx());
        expect(same).toMatchObject({ created: false, relationship: { id: first.relationship.id } });
        const reweighted = await addRelationship(
          store,
          { source_id: app.id, target_id: vm.id, type: 'runs_on', weight: 0.5, attributes: { note: 'x' } },
          ctx(),
        );
        expect(reweighted.relationship).toMatchObject({ weight: 0.5, attributes: { note: 'x' } });
        await expect(addRelationship(store, { source_id: vm.id, target_id: app.id, type: 'runs_on', weight: 1, attributes: {} }, ctx())).rejects.toMatchObject({
          message: expect.stringMatching(/a vm cannot be the source of runs_on/),
        });
        await expect(addRelationship(store, { source_id: app.id, target_id: app.id, type: 'uses', weight: 1, attributes: {} }, ctx())).rejects.toMatchObject({
          code: 'invalid_input',
        });
        await expect(addRelationship(store, { source_id: bs.id, target_id: vm.id, type: 'hosted_on', weight: 1, attributes: {} }, ctx())).rejects.toMatchObject(
          { code: 'invalid_input' },
        );
        const view = await store.relationshipsOf(vm.id, 10);
        expect(view).toMatchObject({ outgoing: 0, incoming: 1, items: [{ direction: 'incoming', type: 'runs_on', other: { id: app.id, name: 'app' } }] });
        await removeRelationship(store, first.relationship.id, ctx());
        await expect(removeRelationship(store, first.relationship.id, ctx())).rejects.toMatchObject({ code: 'not_found' });
        expect((await store.history(vm.id, 10)).map((h) => h.op)).toEqual(['unrelate', 'relate', 'relate', 'create']);
      });
    });

    describe('search', () => {
      it('full-text over names and attribute values, filters, and keyset paging by name', async () => {
        const { api, db, k8s, vm } = await estate(store);
        await upsertCi(store, { id: vm.id, tags: [{ key: 'cost-center', value: '42' }] }, ctx());
        await ci(store, { type: 'server', name: '100%_legacy', environment: 'dev' });
        const search = (f: Partial<Parameters<CmdbStore['searchCis']>[0]>) => store.searchCis({ match: 'any', statuses: ACTIVE, limit: 50, ...f });
        expect((await search({ query: 'payments' })).map((c) => c.name).sort()).toEqual(['payments-api', 'payments-db']);
        expect((await search({ query: 'europe-west1' })).map((c) => c.id)).toEqual([k8s.id]);
        expect((await search({ query: 'postgres' }))[0]).toMatchObject({ id: db.id, score: expect.any(Number) });
        expect((await search({ name: 'PAYMENTS', type: 'service' })).map((c) => c.id)).toEqual([api.id]);
        expect((await search({ name: '%_' })).map((c) => c.name)).toEqual(['100%_legacy']);
        expect((await search({ environment: 'dev' })).length).toBe(1);
        expect((await search({ tag: { key: 'cost-center' } })).map((c) => c.id)).toEqual([vm.id]);
        expect((await search({ tag: { key: 'cost-center', value: '7' } })).length).toBe(0);
        expect((await search({ attribute: { path: ['port'], equals: '8443' } })).map((c) => c.id)).toEqual([api.id]);
        expect((await search({ attribute: { path: ['os'], equals: 'linux' } })).map((c) => c.id)).toEqual([vm.id]);
        expect((await search({ name: 'old' })).length).toBe(0);
        expect((await search({ name: 'old', statuses: ['retired'] })).length).toBe(1);
        const page1 = await search({ limit: 3 });
        const page2 = await search({ limit: 50, after: { name: page1[2]!.name, id: page1[2]!.id } });
        expect([...page1, ...page2].map((c) => c.name)).toEqual((await search({})).map((c) => c.name));
        expect(page1.map((c) => c.name)).toEqual(['100%_legacy', 'Checkout', 'checkout-web']);
        for (const q of ['"', 'AND OR', 'name:x', '(*', 'NEAR(']) await expect(search({ query: q }), q).resolves.toBeInstanceOf(Array);
      });
    });

    describe('impact analysis (recursive CTE)', () => {
      it('downstream: what breaks if the database fails — cycle-safe, retired and weak links skipped, scored', async () => {
        const e = await estate(store);
        const result = await impactAnalysis(store, { ci_id: e.db.id, direction: 'downstream', max_depth: 6, limit: 100 });
        expect(result.truncated).toBe(false);
        expect(result.impacted.map((i) => [i.ci.name, i.depth, i.score])).toEqual([
          ['payments-api', 1, 5],
          ['checkout-web', 2, 2.88], // 4 × 0.9 × 0.8
          ['Checkout', 3, 2.88], // 5 × 0.9 × 1 × 0.64
        ]);
        expect(result.impacted[2]).toMatchObject({
          path: [{ name: 'payments-db' }, { name: 'payments-api' }, { name: 'checkout-web' }, { name: 'Checkout' }],
          via: ['depends_on', 'depends_on', 'part_of'],
        });
        expect(result.business_services.map((b) => b.name)).toEqual(['Checkout']);
        expect(result.owners).toEqual(
          expect.arrayContaining([
            { owner: 'carol', team: 'payments', cis: 1 },
            { owner: 'alice', team: 'commerce', cis: 1 },
          ]),
        );
        const shallow = await impactAnalysis(store, { ci_id: e.db.id, direction: 'downstream', max_depth: 1, limit: 100 });
        expect(shallow.impacted.map((i) => i.ci.name)).toEqual(['payments-api']);
      });

      it('upstream: what a business service depends on; the connects_to cycle is followed once', async () => {
        const e = await estate(store);
        const result = await impactAnalysis(store, { ci_id: e.checkout.id, direction: 'upstream', max_depth: 6, limit: 100 });
        expect(result.impacted.map((i) => i.ci.name).sort()).toEqual(['checkout-web', 'db-vm', 'k8s-prod', 'payments-api', 'payments-db']);
        const viaWeb = await impactAnalysis(store, { ci_id: e.web.id, direction: 'downstream', max_depth: 6, limit: 100 });
        // checkout-web failing: payments-api connects_to it with weight 0.6 ≥ 0.5, so the api is impacted too.
        expect(viaWeb.impacted.map((i) => i.ci.name).sort()).toEqual(['Checkout', 'payments-api']);
        const onlyDepends = await impactAnalysis(store, { ci_id: e.web.id, direction: 'downstream', max_depth: 6, edge_types: ['depends_on'], limit: 100 });
        expect(onlyDepends.impacted).toEqual([]);
        const metricsImpact = await impactAnalysis(store, { ci_id: e.api.id, direction: 'upstream', max_depth: 6, limit: 100 });
        expect(metricsImpact.impacted.map((i) => i.ci.name)).not.toContain('metrics-agent');
      });

      it('stops at the path cap on a dense graph and says so', async () => {
        const nodes = [];
        for (let i = 0; i < 9; i++) nodes.push(await ci(store, { type: 'service', name: `mesh-${i}` }));
        for (const a of nodes) for (const b of nodes) if (a.id !== b.id) await link(store, a.id, 'depends_on', b.id);
        const result = await impactAnalysis(store, { ci_id: nodes[0]!.id, direction: 'downstream', max_depth: 8, limit: 5 });
        expect(result.truncated).toBe(true);
        expect(result.total).toBe(8);
        expect(result.impacted).toHaveLength(5);
      });
    });

    it('exports the neighbourhood of a CI within a depth, both ways, with the relationships among it', async () => {
      const e = await estate(store);
      const graph = await dependencyGraph(store, {
        root_id: e.api.id,
        depth: 1,
        direction: 'both',
        edge_types: [...RELATIONSHIP_TYPES],
        include_retired: false,
      });
      expect(graph.nodes.map((n) => [n.name, n.depth])).toEqual(
        expect.arrayContaining([
          ['payments-api', 0],
          ['checkout-web', 1],
          ['k8s-prod', 1],
          ['payments-db', 1],
          ['metrics-agent', 1],
        ]),
      );
      expect(graph.nodes).toHaveLength(5);
      expect(graph.edges.map((x) => x.type).sort()).toEqual(['connects_to', 'connects_to', 'depends_on', 'depends_on', 'runs_on']);
      const out = await dependencyGraph(store, {
        root_id: e.api.id,
        depth: 3,
        direction: 'outgoing',
        edge_types: ['depends_on', 'hosted_on'],
        include_retired: true,
      });
      expect(out.nodes.map((n) => n.name)).toEqual(['payments-api', 'payments-db', 'db-vm']);
      const withRetired = await dependencyGraph(store, {
        root_id: e.api.id,
        depth: 1,
        direction: 'incoming',
        edge_types: ['depends_on'],
        include_retired: true,
      });
      expect(withRetired.nodes.map((n) => n.name).sort()).toEqual(['checkout-web', 'old-web', 'payments-api']);
    });

    it('pages history newest first and manages types', async () => {
      const c = await ci(store, { type: 'server', name: 'h' });
      for (let i = 1; i <= 4; i++) await upsertCi(store, { id: c.id, criticality: i }, ctx());
      const page1 = await store.history(c.id, 2);
      const page2 = await store.history(c.id, 10, page1[1]!.id);
      expect([...page1, ...page2].map((h) => h.op)).toEqual(['update', 'update', 'update', 'update', 'create']);
      expect(
        await store.transaction((q) =>
          q.putType({ name: 'firewall_rule', attribute_schema: { type: 'object', required: ['port'] }, icon: null, description: 'Rule' }, T0),
        ),
      ).toBe(true);
      expect(
        await store.transaction((q) => q.putType({ name: 'firewall_rule', attribute_schema: { type: 'object' }, icon: 'fw', description: 'Rule' }, T0)),
      ).toBe(false);
      expect(await store.getType('firewall_rule')).toMatchObject({ icon: 'fw', attribute_schema: { type: 'object' }, ci_count: 0 });
      expect((await store.getType('server'))!.ci_count).toBe(1);
    });
  });
}
