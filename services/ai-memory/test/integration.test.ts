import { expectServing, startServiceWithFakeUpstream, withHttpClient } from '@mcp/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createAiMemoryService } from '../src/server.js';
import { closeAdmin, describePostgres, freshPostgres, freshSqlite, type TestDatabase } from './databases.js';

afterAll(closeAdmin);

/** The service over real HTTP on loopback, as agents and the gateway reach it, on each engine. */
function overHttp(engine: 'sqlite' | 'postgres', fresh: () => Promise<TestDatabase> | TestDatabase) {
  it(`stores, searches and reads back over HTTP (${engine}), with 2026 and 2025-era clients`, async () => {
    const running = await startServiceWithFakeUpstream({
      upstream: async () => {
        const db = await fresh();
        return { ...db, close: db.dispose };
      },
      createService: (db) =>
        createAiMemoryService({ LOG_LEVEL: 'silent', ...(engine === 'sqlite' ? { AI_MEMORY_DB_PATH: db.location } : { AI_MEMORY_DATABASE_URL: db.location }) }),
    });
    try {
      await withHttpClient(running.url, 'modern', (client) =>
        withHttpClient(running.url, 'legacy', async (legacy) => {
          const stored = await client.callTool({
            name: 'memory_store',
            arguments: { namespace: 'project:apollo', content: 'Launch window opens on 16 July', kind: 'fact', tags: ['launch'] },
          });
          expect(stored.isError).toBeFalsy();
          const found = await legacy.callTool({ name: 'memory_search', arguments: { namespace: 'project:apollo', query: 'launch windows' } });
          expect(found.structuredContent).toMatchObject({ count: 1, results: [{ content: 'Launch window opens on 16 July' }] });
          const conv = await client.callTool({
            name: 'conversation_append',
            arguments: { namespace: 'project:apollo', messages: [{ role: 'user', content: 'go for launch' }] },
          });
          expect(conv.structuredContent).toMatchObject({ created: true, appended: [{ seq: 1 }] });
          const health = await client.callTool({ name: 'health_check', arguments: {} });
          expect(health.structuredContent).toMatchObject({ ok: true, engine, details: { counts: { memories: 1, conversations: 1, messages: 1 } } });
        }),
      );
      await expectServing(running.origin, {
        service: 'ai-memory',
        health: (body) => expect(body.components.database?.metadata?.engine).toBe(engine),
        metrics: [{ metric: 'mcp_tool_calls_total', labels: { tool: 'memory_store' } }],
      });
    } finally {
      await running.close();
    }
  });
}

describe('ai-memory over HTTP on 127.0.0.1', () => {
  overHttp('sqlite', freshSqlite);
});
await describePostgres('ai-memory over HTTP on PostgreSQL', () => {
  overHttp('postgres', freshPostgres);
});
