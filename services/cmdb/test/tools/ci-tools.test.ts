import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CiOut, createCi, type Harness, startHarness, textOf } from '../harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('ci_upsert', () => {
  it('creates, updates with the optimistic lock, and reports unchanged updates', async () => {
    const created = await h.client.callTool({
      name: 'ci_upsert',
      arguments: { type: 'vm', name: 'web-1', environment: 'prod', attributes: { cpu_cores: 4 }, tags: [{ key: 'app', value: 'shop' }] },
    });
    expect(textOf(created)).toMatch(/^Created vm "web-1" \(\w{26}, version 1\)\.$/);
    const ci = (created.structuredContent as { ci: CiOut }).ci;
    const updated = await h.call<{ ci: CiOut; changed: boolean }>('ci_upsert', { id: ci.id, criticality: 5, expected_version: 1, reason: 'CHG-7' });
    expect(updated).toMatchObject({ changed: true, ci: { version: 2, criticality: 5, tags: [{ key: 'app', value: 'shop' }] } });
    expect(await h.fail('ci_upsert', { id: ci.id, name: 'x', expected_version: 1 })).toMatch(/is at version 2, not 1.*ci_get/);
    expect(await h.call('ci_upsert', { id: ci.id, criticality: 5 })).toMatchObject({ changed: false, ci: { version: 2 } });
  });

  it('explains invalid attributes, unknown types and bad input', async () => {
    expect(await h.fail('ci_upsert', { type: 'dns_record', name: 'www', attributes: { record_type: 'BOGUS' } })).toMatch(
      /do not fit type "dns_record": attributes\.record_type must be equal to one of the allowed values/,
    );
    expect(await h.fail('ci_upsert', { type: 'starship', name: 'x' })).toMatch(/Unknown CI type "starship".*ci_type_list/);
    expect(await h.fail('ci_upsert', { type: 'vm', name: 'x', criticality: 9 })).toMatch(/criticality/);
    expect(await h.fail('ci_upsert', { type: 'vm', name: 'x', status: 'retired' })).toMatch(/status/);
    expect(await h.fail('ci_upsert', { id: '01HZZZZZZZZZZZZZZZZZZZZZZZ', name: 'x' })).toMatch(/No CI has id/);
  });

  it('is idempotent for discovery feeds keyed by source + external_id', async () => {
    const args = { source: 'gcp', external_id: 'projects/p/instances/1', type: 'vm', name: 'gce-1', attributes: { region: 'europe-west1' } };
    const a = await h.call<{ ci: CiOut; created: boolean }>('ci_upsert', args);
    const b = await h.call<{ ci: CiOut; created: boolean; changed: boolean }>('ci_upsert', args);
    expect(b).toMatchObject({ created: false, changed: false, ci: { id: a.ci.id, version: 1 } });
  });
});

describe('ci_get, ci_search, ci_history, ci_retire', () => {
  it('reads a CI with relationships and history, finds it, retires then purges it', async () => {
    const app = await createCi(h, { type: 'application', name: 'billing', owner: 'erin', attributes: { language: 'go' } });
    const vm = await createCi(h, { type: 'vm', name: 'billing-vm', attributes: { os: 'linux' } });
    await h.call('relationship_add', { source_id: app.id, target_id: vm.id, type: 'runs_on' });
    const got = await h.call<{ ci: CiOut; relationships: Array<{ direction: string; other: { name: string } }>; history: Array<{ op: string }> }>('ci_get', {
      id: app.id,
    });
    expect(got.relationships).toMatchObject([{ direction: 'outgoing', type: 'runs_on', other: { name: 'billing-vm' } }]);
    expect(got.history.map((x) => x.op)).toEqual(['relate', 'create']);
    expect(textOf(await h.client.callTool({ name: 'ci_get', arguments: { id: app.id } }))).toMatch(/runs_on → billing-vm \(vm\)/);

    expect((await h.call<{ items: CiOut[] }>('ci_search', { query: 'billing go' })).items[0]!.id).toBe(app.id);
    expect((await h.call<{ items: CiOut[] }>('ci_search', { attribute_path: 'os', attribute_equals: 'linux' })).items.map((c) => c.id)).toEqual([vm.id]);
    expect(await h.fail('ci_search', { attribute_path: 'os' })).toMatch(/go together/);
    expect(await h.fail('ci_search', { attribute_path: 'a..b', attribute_equals: 1 })).toMatch(/attribute_path/);

    expect(await h.call('ci_retire', { id: vm.id, reason: 'decommissioned' })).toMatchObject({ retired: true, purged: false, ci: { status: 'retired' } });
    expect((await h.call<{ items: CiOut[] }>('ci_search', { name: 'billing' })).items.map((c) => c.name)).toEqual(['billing']);
    expect(await h.call('ci_retire', { id: vm.id, hard: true })).toMatchObject({ purged: true, relationships_removed: 1 });
    expect(await h.fail('ci_get', { id: vm.id })).toMatch(/No CI has id/);
    const history = await h.call<{ entries: Array<{ op: string; reason: string | null; actor: string }>; next_cursor: number | null }>('ci_history', {
      id: vm.id,
      limit: 2,
    });
    expect(history.entries.map((e) => e.op)).toEqual(['purge', 'retire']);
    expect(history.entries[1]).toMatchObject({ reason: 'decommissioned', actor: 'mcp' });
    const rest = await h.call<typeof history>('ci_history', { id: vm.id, cursor: history.next_cursor });
    expect(rest.entries.map((e) => e.op)).toEqual(['relate', 'create']);
  });

  it('pages search results by name with a cursor', async () => {
    for (const name of ['d', 'a', 'c', 'b', 'e']) await createCi(h, { type: 'server', name });
    const page1 = await h.call<{ items: CiOut[]; next_cursor: string | null }>('ci_search', { type: 'server', limit: 2 });
    const page2 = await h.call<typeof page1>('ci_search', { type: 'server', limit: 2, cursor: page1.next_cursor });
    const page3 = await h.call<typeof page1>('ci_search', { type: 'server', limit: 2, cursor: page2.next_cursor });
    expect([...page1.items, ...page2.items, ...page3.items].map((c) => c.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(page3.next_cursor).toBeNull();
    expect(await h.fail('ci_search', { cursor: 'nope' })).toMatch(/not a next_cursor/);
    expect(await h.fail('ci_search', { query: 'a', cursor: page1.next_cursor })).toMatch(/ranked, not paged/);
  });
});

describe('ci_type_list and ci_type_upsert', () => {
  it('lists the seeded types and adds one whose schema then applies', async () => {
    const { types } = await h.call<{ types: Array<{ name: string; attribute_schema: Record<string, unknown> }> }>('ci_type_list');
    expect(types).toHaveLength(15);
    expect(types.find((t) => t.name === 'k8s_workload')?.attribute_schema).toMatchObject({
      properties: { kind: { enum: expect.arrayContaining(['Deployment']) } },
    });
    expect(
      await h.call('ci_type_upsert', {
        name: 'certificate',
        attribute_schema: { type: 'object', required: ['expires'], properties: { expires: { type: 'string' } } },
      }),
    ).toMatchObject({ created: true });
    expect(await h.fail('ci_upsert', { type: 'certificate', name: 'tls' })).toMatch(/must have required property 'expires'/);
    expect((await createCi(h, { type: 'certificate', name: 'tls', attributes: { expires: '2026-01-01' } })).type).toBe('certificate');
    expect(await h.fail('ci_type_upsert', { name: 'broken', attribute_schema: { type: 'not-a-type' } })).toMatch(/not a valid JSON Schema/);
    expect(await h.fail('ci_type_upsert', { name: 'Bad-Name' })).toMatch(/snake_case/);
  });
});
