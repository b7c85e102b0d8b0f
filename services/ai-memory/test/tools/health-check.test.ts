import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('health_check', () => {
  it('reports the engine, version, integrity and counts', async () => {
    h = await startHarness();
    await h.call('memory_store', { content: 'one fact' });
    const result = await h.client.callTool({ name: 'health_check', arguments: {} });
    expect(result.structuredContent).toMatchObject({
      ok: true,
      engine: 'sqlite',
      database: h.db.location,
      details: { engine: 'sqlite', integrity: 'ok', full_text: true, schema_version: 1, counts: { memories: 1, active_memories: 1 } },
    });
    expect(textOf(result)).toMatch(/^sqlite 3\.\d+\.\d+ at .* answered in \d+ ms: schema v1, 1\/1 active memories/);
  });

  it('answers ok: false naming the variable when the database is unreachable', async () => {
    h = await startHarness({ env: { AI_MEMORY_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    const result = await h.client.callTool({ name: 'health_check', arguments: {} });
    expect(result.structuredContent).toMatchObject({ ok: false, engine: 'postgres', database: '127.0.0.1:1/none' });
    expect((result.structuredContent as { error: string }).error).toMatch(/unreachable.*AI_MEMORY_DATABASE_URL/);
  });
});
