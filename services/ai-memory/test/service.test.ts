import { databaseServiceContract } from '@mcp/sql/testing';
import { describe } from 'vitest';
import { createAiMemoryService } from '../src/server.js';
import { startHarness } from './harness.js';

describe('ai-memory service', () => {
  databaseServiceContract({
    service: 'ai-memory',
    prefix: 'AI_MEMORY',
    createService: createAiMemoryService,
    startHarness: (env) => startHarness({ env }),
    probeTool: { name: 'memory_search', arguments: { query: 'x' } },
    invalidSettings: [{ name: 'AI_MEMORY_MAX_CONTENT_CHARS', value: 'lots', error: /^Invalid configuration: AI_MEMORY_MAX_CONTENT_CHARS is invalid/ }],
    readOnlyTools: ['conversation_get', 'conversation_list', 'conversation_search', 'health_check', 'memory_get', 'memory_list', 'memory_search'],
    destructive: ['conversation_delete', 'memory_delete', 'memory_purge'],
  });
});
