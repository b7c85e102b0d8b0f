import { callTool, expectServing, startServiceWithFakeUpstream, withHttpClient } from '@mcp/testing';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it } from 'vitest';
import { createCmdbService } from '../src/server.js';
import { closeAdmin, describePostgres, freshPostgres, freshSqlite, type TestDatabase } from './databases.js';

afterAll(closeAdmin);

/** Calls a tool that must succeed and returns its structured content. */
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await callTool(client, name, args);
  expect(result.isError, result.text).toBe(false);
  return result.data;
}

/** The service over real HTTP on loopback, as agents and the gateway reach it, on each engine. */
function overHttp(engine: 'sqlite' | 'postgres', fresh: () => Promise<TestDatabase> | TestDatabase) {
  it(`models an estate and analyses impact over HTTP (${engine}), with 2026 and 2025-era clients`, async () => {
    const running = await startServiceWithFakeUpstream({
      upstream: async () => {
        const db = await fresh();
        return { ...db, close: db.dispose };
      },
      createService: (db) =>
        createCmdbService({ LOG_LEVEL: 'silent', ...(engine === 'sqlite' ? { CMDB_DB_PATH: db.location } : { CMDB_DATABASE_URL: db.location }) }),
    });
    try {
      await withHttpClient(running.url, 'modern', (client) =>
        withHttpClient(running.url, 'legacy', async (legacy) => {
          const app = (await call(client, 'ci_upsert', { type: 'application', name: 'storefront', criticality: 4 })).ci as { id: string };
          const dbCi = (await call(legacy, 'ci_upsert', { type: 'database', name: 'orders-db', attributes: { engine: 'postgres' } })).ci as { id: string };
          await call(client, 'relationship_add', { source_id: app.id, target_id: dbCi.id, type: 'depends_on' });
          const impact = await call(legacy, 'impact_analysis', { ci_id: dbCi.id });
          expect(impact).toMatchObject({ total: 1, impacted: [{ ci: { name: 'storefront' }, score: 4 }] });
          expect(await call(client, 'health_check', {})).toMatchObject({ ok: true, engine, details: { counts: { configuration_items: 2, relationships: 1 } } });
        }),
      );
      await expectServing(running.origin, {
        service: 'cmdb',
        health: (body) => expect(body.components.database?.metadata?.engine).toBe(engine),
        metrics: [{ metric: 'mcp_tool_calls_total', labels: { tool: 'impact_analysis' } }],
      });
    } finally {
      await running.close();
    }
  });
}

describe('cmdb over HTTP on 127.0.0.1', () => {
  overHttp('sqlite', freshSqlite);
});
await describePostgres('cmdb over HTTP on PostgreSQL', () => {
  overHttp('postgres', freshPostgres);
});
