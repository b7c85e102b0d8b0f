import { databaseServiceContract } from '@mcp/sql/testing';
import { describe } from 'vitest';
import { createCmdbService } from '../src/server.js';
import { startHarness } from './harness.js';

describe('cmdb service', () => {
  databaseServiceContract({
    service: 'cmdb',
    prefix: 'CMDB',
    createService: createCmdbService,
    startHarness: (env) => startHarness({ env }),
    probeTool: { name: 'ci_search', arguments: { query: 'x' } },
    invalidSettings: [{ name: 'CMDB_MAX_IMPACT_DEPTH', value: '50', error: /^Invalid configuration: CMDB_MAX_IMPACT_DEPTH is invalid/ }],
    readOnlyTools: ['ci_get', 'ci_history', 'ci_search', 'ci_type_list', 'dependency_graph', 'health_check', 'impact_analysis'],
    destructive: ['ci_retire', 'relationship_remove'],
  });
});
