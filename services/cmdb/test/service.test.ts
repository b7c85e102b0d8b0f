import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCmdbService } from '../src/server.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface HealthBody {
  status: string;
  components: Record<string, { status: string; message?: string; metadata?: Record<string, unknown> }>;
}

async function healthOf(service: { fetch(request: Request): Promise<Response> }, path = '/health') {
  const res = await service.fetch(new Request(`http://localhost${path}`));
  return { status: res.status, body: (await res.json()) as HealthBody };
}

describe('cmdb service', () => {
  it('works out of the box on SQLite: healthy, with the database component and nothing missing', async () => {
    harness = await startHarness();
    const { status, body } = await healthOf(harness.service);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.components.configuration?.status).toBe('healthy');
    expect(body.components.database).toMatchObject({ status: 'healthy', metadata: { engine: 'sqlite', schema_version: 1 } });
    expect(body.components['upstream:cmdb']).toBeUndefined();
  });

  it('with PostgreSQL unreachable it starts, is unhealthy and not ready, and tools name the variable', async () => {
    harness = await startHarness({ env: { DATABASE_URL: 'postgres://nobody:pw@127.0.0.1:1/none' } });
    const { status, body } = await healthOf(harness.service);
    expect(status).toBe(503);
    expect(body.status).toBe('unhealthy');
    expect(body.components.database?.message).toMatch(/127\.0\.0\.1:1\/none is unreachable.*DATABASE_URL/);
    expect(body.components.database?.message).not.toContain('pw');
    expect((await healthOf(harness.service, '/health/ready')).status).toBe(503);
    const text = await harness.fail('ci_search', { query: 'x' });
    expect(text).toMatch(/unreachable.*Retry after 5 s.*DATABASE_URL/);
  });

  it('an invalid setting stops start-up with one line naming the variable', async () => {
    await expect(createCmdbService({ LOG_LEVEL: 'silent', CMDB_MAX_IMPACT_DEPTH: '50' }).init()).rejects.toThrow(
      /^Invalid configuration: CMDB_MAX_IMPACT_DEPTH is invalid/,
    );
    await expect(createCmdbService({ LOG_LEVEL: 'silent', DATABASE_URL: 'mysql://x/y' }).init()).rejects.toThrow(
      /^Invalid configuration: DATABASE_URL is invalid \(must start with postgres/,
    );
    const file = join(mkdtempSync(join(tmpdir(), 'cmdb-')), 'a-file');
    writeFileSync(file, 'not a directory');
    await expect(createCmdbService({ LOG_LEVEL: 'silent', CMDB_DB_PATH: join(file, 'db.sqlite') }).init()).rejects.toThrow(
      /^Invalid configuration: CMDB_DB_PATH cannot be opened/,
    );
  });

  it('CMDB_READ_ONLY keeps the read-only tools only', async () => {
    harness = await startHarness({ env: { CMDB_READ_ONLY: 'true' } });
    const { tools } = await harness.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'ci_get',
      'ci_history',
      'ci_search',
      'ci_type_list',
      'dependency_graph',
      'health_check',
      'impact_analysis',
    ]);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
  });

  it('marks deletes destructive, so the gateway asks before running them', async () => {
    harness = await startHarness();
    const { tools } = await harness.client.listTools();
    const destructive = tools.filter((t) => t.annotations?.destructiveHint).map((t) => t.name);
    expect(destructive.sort()).toEqual(['ci_retire', 'relationship_remove']);
    expect(tools.every((t) => t.annotations?.openWorldHint === false)).toBe(true);
  });
});
