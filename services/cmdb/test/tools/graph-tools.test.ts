import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CiOut, createCi, type Harness, startHarness, textOf } from '../harness.js';

let h: Harness;
let ids: Record<string, CiOut>;
beforeEach(async () => {
  h = await startHarness({ env: { CMDB_MAX_IMPACT_DEPTH: '4' } });
  ids = {
    shop: await createCi(h, { type: 'business_service', name: 'Shop', criticality: 5, owner: 'alice' }),
    web: await createCi(h, { type: 'application', name: 'shop-web "v2"', criticality: 4, owner: 'bob' }),
    api: await createCi(h, { type: 'service', name: 'orders-api', criticality: 4, owner: 'carol' }),
    cluster: await createCi(h, { type: 'k8s_cluster', name: 'k8s-eu', criticality: 5, team: 'platform' }),
  };
  await h.call('relationship_add', { source_id: ids.web!.id, target_id: ids.shop!.id, type: 'part_of' });
  await h.call('relationship_add', { source_id: ids.web!.id, target_id: ids.api!.id, type: 'depends_on', weight: 0.5 });
  await h.call('relationship_add', { source_id: ids.api!.id, target_id: ids.cluster!.id, type: 'runs_on' });
});
afterEach(async () => h.close());

describe('relationship_add and relationship_remove', () => {
  it('enforces type rules with a clear message, unlinks by id', async () => {
    expect(await h.fail('relationship_add', { source_id: ids.shop!.id, target_id: ids.cluster!.id, type: 'runs_on' })).toMatch(
      /a business_service cannot be the source of runs_on \(allowed: application, service/,
    );
    expect(await h.fail('relationship_add', { source_id: ids.api!.id, target_id: '01HZZZZZZZZZZZZZZZZZZZZZZZ', type: 'uses' })).toMatch(
      /target CI .* does not exist/,
    );
    const { relationship } = await h.call<{ relationship: { id: string } }>('relationship_add', {
      source_id: ids.api!.id,
      target_id: ids.shop!.id,
      type: 'part_of',
    });
    expect(await h.call('relationship_remove', { relationship_id: relationship.id })).toMatchObject({ removed: { id: relationship.id, type: 'part_of' } });
    expect(await h.fail('relationship_remove', { relationship_id: relationship.id })).toMatch(/No relationship has id/);
  });
});

describe('impact_analysis', () => {
  it('ranks what breaks when the cluster fails, with paths, business services and owners', async () => {
    const result = await h.client.callTool({ name: 'impact_analysis', arguments: { ci_id: ids.cluster!.id } });
    const out = result.structuredContent as {
      impacted: Array<{ ci: { name: string }; score: number; depth: number }>;
      business_services: Array<{ name: string }>;
      owners: unknown[];
      max_depth: number;
    };
    expect(out.max_depth).toBe(4);
    expect(out.impacted.map((i) => [i.ci.name, i.depth, i.score])).toEqual([
      ['orders-api', 1, 4],
      ['shop-web "v2"', 2, 1.6],
      ['Shop', 3, 1.6],
    ]);
    expect(out.business_services).toEqual([expect.objectContaining({ name: 'Shop' })]);
    expect(textOf(result)).toMatch(/If "k8s-eu" fails, 3 CI\(s\) are impacted[\s\S]*k8s-eu → orders-api → shop-web "v2" → Shop[\s\S]*Business services: Shop/);
    expect(await h.fail('impact_analysis', { ci_id: ids.cluster!.id, max_depth: 5 })).toMatch(/above the limit of 4 \(CMDB_MAX_IMPACT_DEPTH\)/);
    const upstream = await h.call<typeof out>('impact_analysis', { ci_id: ids.shop!.id, direction: 'upstream', max_depth: 2 });
    expect(upstream.impacted.map((i) => i.ci.name)).toEqual(['shop-web "v2"', 'orders-api']);
  });
});

describe('dependency_graph', () => {
  it('exports JSON, Mermaid and DOT with escaped labels', async () => {
    const json = await h.call<{ node_count: number; edge_count: number; nodes: unknown[] }>('dependency_graph', { root_id: ids.api!.id, depth: 1 });
    expect(json).toMatchObject({ node_count: 3, edge_count: 2 });
    const mermaid = await h.call<{ text: string }>('dependency_graph', { root_id: ids.api!.id, depth: 2, format: 'mermaid' });
    expect(mermaid.text).toMatch(/^graph LR\n/);
    expect(mermaid.text).toContain('["shop-web #34;v2#34;<br/>application"]');
    expect(mermaid.text).toMatch(/n\d -->\|runs_on\| n\d/);
    const dot = await h.call<{ text: string }>('dependency_graph', { root_id: ids.api!.id, depth: 2, format: 'dot' });
    expect(dot.text).toContain('label="shop-web \\"v2\\"\\n(application)"');
    expect(dot.text).toMatch(/-> "\w{26}" \[label="part_of"\];/);
    expect(await h.fail('dependency_graph', { root_id: ids.api!.id, depth: 9 })).toMatch(/CMDB_MAX_IMPACT_DEPTH/);
  });
});
