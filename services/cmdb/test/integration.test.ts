import { connectHttp } from '@mcp/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createCmdbService } from '../src/server.js';
import { closeAdmin, describePostgres, freshPostgres, freshSqlite, type TestDatabase } from './databases.js';

afterAll(closeAdmin);

/** The service over real HTTP on loopback, as agents and the gateway reach it, on each engine. */
function overHttp(engine: 'sqlite' | 'postgres', fresh: () => Promise<TestDatabase> | TestDatabase) {
  it(`models an estate and analyses impact over HTTP (${engine}), with 2026 and 2025-era clients`, async () => {
    const db = await fresh();
    const env = engine === 'sqlite' ? { CMDB_DB_PATH: db.location } : { CMDB_DATABASE_URL: db.location };
    const service = createCmdbService({ LOG_LEVEL: 'silent', ...env });
    const server = await service.start({ host: '127.0.0.1', port: 0 });
    const origin = new URL(server.url).origin;
    const client = await connectHttp(server.url);
    const legacy = await connectHttp(server.url, { protocol: 'legacy' });
    const call = async (c: typeof client, name: string, args: Record<string, unknown>) => {
      const result = await c.callTool({ name, arguments: args });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      return result.structuredContent as Record<string, unknown>;
    };
    try {
      const app = (await call(client, 'ci_upsert', { type: 'application', name: 'storefront', criticality: 4 })).ci as { id: string };
      const dbCi = (await call(legacy, 'ci_upsert', { type: 'database', name: 'orders-db', attributes: { engine: 'postgres' } })).ci as { id: string };
      await call(client, 'relationship_add', { source_id: app.id, target_id: dbCi.id, type: 'depends_on' });
      const impact = await call(legacy, 'impact_analysis', { ci_id: dbCi.id });
      expect(impact).toMatchObject({ total: 1, impacted: [{ ci: { name: 'storefront' }, score: 4 }] });
      expect(await call(client, 'health_check', {})).toMatchObject({ ok: true, engine, details: { counts: { configuration_items: 2, relationships: 1 } } });

      expect((await fetch(`${origin}/health/live`)).status).toBe(200);
      expect((await fetch(`${origin}/health/ready`)).status).toBe(200);
      const body = (await (await fetch(`${origin}/health`)).json()) as { status: string; components: Record<string, { metadata?: { engine?: string } }> };
      expect(body.status).toBe('healthy');
      expect(body.components.database?.metadata?.engine).toBe(engine);
      const metrics = await (await fetch(`${origin}/metrics`)).text();
      expect(metrics).toMatch(/mcp_tool_calls_total\{[^}]*service="cmdb"[^}]*tool="impact_analysis"/);
    } finally {
      await client.close();
      await legacy.close();
      await service.stop();
      await db.dispose();
    }
  });
}

describe('cmdb over HTTP on 127.0.0.1', () => {
  overHttp('sqlite', freshSqlite);
});
await describePostgres('cmdb over HTTP on PostgreSQL', () => {
  overHttp('postgres', freshPostgres);
});
