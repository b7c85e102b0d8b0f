import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceContractSuite } from '@mcp/testing';
import { describe, expect } from 'vitest';
import { createCmdbService } from '../src/server.js';
import { startHarness } from './harness.js';

/** A path below a regular file, which no database can be opened at. */
function pathBelowAFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cmdb-')), 'a-file');
  writeFileSync(file, 'not a directory');
  return join(file, 'db.sqlite');
}

describe('cmdb service', () => {
  serviceContractSuite({
    createService: createCmdbService,
    startHarness: (env) => startHarness({ env }),
    healthy: {
      title: 'works out of the box on SQLite: healthy, with the database component and nothing missing',
      check: (body) => {
        expect(body.components.configuration?.status).toBe('healthy');
        expect(body.components.database).toMatchObject({ status: 'healthy', metadata: { engine: 'sqlite', schema_version: 1 } });
        expect(body.components['upstream:cmdb']).toBeUndefined();
      },
    },
    unreachable: {
      title: 'with PostgreSQL unreachable it starts, is unhealthy and not ready, and tools name the variable',
      env: { DATABASE_URL: 'postgres://nobody:pw@127.0.0.1:1/none' },
      component: 'database',
      message: /127\.0\.0\.1:1\/none is unreachable.*DATABASE_URL/,
      hides: ['pw'],
      tool: { name: 'ci_search', arguments: { query: 'x' } },
      toolError: /unreachable.*Retry after 5 s.*DATABASE_URL/,
    },
    invalidSettings: [
      { name: 'CMDB_MAX_IMPACT_DEPTH', value: '50', error: /^Invalid configuration: CMDB_MAX_IMPACT_DEPTH is invalid/ },
      { name: 'DATABASE_URL', value: 'mysql://x/y', error: /^Invalid configuration: DATABASE_URL is invalid \(must start with postgres/ },
      { name: 'CMDB_DB_PATH', value: pathBelowAFile, error: /^Invalid configuration: CMDB_DB_PATH cannot be opened/ },
    ],
    readOnly: {
      title: 'CMDB_READ_ONLY keeps the read-only tools only',
      env: { CMDB_READ_ONLY: 'true' },
      tools: ['ci_get', 'ci_history', 'ci_search', 'ci_type_list', 'dependency_graph', 'health_check', 'impact_analysis'],
    },
    annotations: {
      title: 'marks deletes destructive, so the gateway asks before running them',
      destructive: ['ci_retire', 'relationship_remove'],
      every: { openWorldHint: false },
    },
  });
});
