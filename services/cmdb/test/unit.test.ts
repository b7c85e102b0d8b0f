import { describe, expect, it } from 'vitest';
import { envSchema } from '../src/env.js';
import { impactScore } from '../src/ops/impact.js';
import { jsonPatch } from '../src/ops/json-patch.js';
import { toDot, toMermaid } from '../src/ops/graph.js';
import { relationshipViolation } from '../src/rules.js';
import { describeDatabase } from '../src/store/create-store.js';
import { containsPattern, impactEdgesSql } from '../src/store/sql-shared.js';

describe('json patch', () => {
  it('diffs objects key by key, replaces arrays and scalars, escapes pointers', () => {
    expect(jsonPatch({ a: 1, b: { c: 2, d: 3 }, t: [1] }, { a: 1, b: { c: 4 }, t: [1, 2], 'x/y~': true })).toEqual([
      { op: 'remove', path: '/b/d' },
      { op: 'replace', path: '/b/c', value: 4 },
      { op: 'replace', path: '/t', value: [1, 2] },
      { op: 'add', path: '/x~1y~0', value: true },
    ]);
    expect(jsonPatch({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});

describe('rules', () => {
  it('constrains built-in types only', () => {
    expect(relationshipViolation('runs_on', 'application', 'vm')).toBeUndefined();
    expect(relationshipViolation('runs_on', 'vm', 'server')).toMatch(/a vm cannot be the source of runs_on/);
    expect(relationshipViolation('part_of', 'application', 'vm')).toMatch(/part_of cannot point at a vm/);
    expect(relationshipViolation('runs_on', 'custom_thing', 'another_custom')).toBeUndefined();
    expect(relationshipViolation('depends_on', 'business_service', 'dns_record')).toBeUndefined();
  });

  it('scores criticality × weights × 0.8^(depth−1)', () => {
    expect(impactScore(5, 1, 1)).toBe(5);
    expect(impactScore(5, 0.5, 3)).toBe(1.6);
  });

  it('turns edges the way impact flows', () => {
    const down = impactEdgesSql({ direction: 'downstream', maxDepth: 3, edgeTypes: ['depends_on', 'part_of'], rowCap: 10 }, (t) => t.join(','));
    expect(down).toBe(
      "SELECT target_ci_id, source_ci_id, type, weight FROM relationships WHERE type IN (depends_on) AND (type <> 'connects_to' OR weight >= 0.5) UNION ALL SELECT source_ci_id, target_ci_id, type, weight FROM relationships WHERE type IN (part_of)",
    );
    const up = impactEdgesSql({ direction: 'upstream', maxDepth: 3, edgeTypes: ['part_of'], rowCap: 10 }, (t) => t.join(','));
    expect(up).toBe('SELECT target_ci_id, source_ci_id, type, weight FROM relationships WHERE type IN (part_of)');
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});

describe('graph renderers', () => {
  const graph = {
    root_id: 'A',
    nodes: [
      { id: 'A', name: 'api"]; click evil', type: 'service', status: 'active' as const, criticality: 3, depth: 0 },
      { id: 'B', name: 'db\nx', type: 'database', status: 'retired' as const, criticality: 3, depth: 1 },
    ],
    edges: [{ id: 'R', source_ci_id: 'A', target_ci_id: 'B', type: 'depends_on' as const, weight: 1 }],
    truncated: false,
  };
  it('cannot be broken out of by CI names', () => {
    expect(toMermaid(graph)).toBe(
      [
        'graph LR',
        '  n0["api#34;]; click evil<br/>service"]',
        '  n1["db x<br/>database"]',
        '  n0 -->|depends_on| n1',
        '  classDef root stroke-width:3px',
        '  class n0 root',
        '  classDef retired stroke-dasharray:5 5',
        '  class n1 retired',
      ].join('\n'),
    );
    expect(toDot(graph)).toContain('"A" [label="api\\"]; click evil\\n(service)", penwidth=3];');
    expect(toDot(graph)).toContain('"B" [label="db x\\n(database)", style=dashed];');
  });
});

describe('database selection', () => {
  it('prefers CMDB_DATABASE_URL, then DATABASE_URL, else SQLite', () => {
    expect(describeDatabase(envSchema.parse({}))).toMatchObject({ engine: 'sqlite', variable: 'CMDB_DB_PATH', where: './data/cmdb.sqlite' });
    expect(describeDatabase(envSchema.parse({ DATABASE_URL: 'postgres://u:pw@db/app', CMDB_DATABASE_URL: 'postgresql://c:pw@cm:5433/cmdb' }))).toMatchObject({
      engine: 'postgres',
      variable: 'CMDB_DATABASE_URL',
      where: 'cm:5433/cmdb',
    });
  });
});
