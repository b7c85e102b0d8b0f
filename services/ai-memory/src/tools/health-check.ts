import { defineDatabaseHealthCheck } from '@mcp/sql';
import { storeHealthSchema } from '../models.js';

export const healthCheck = defineDatabaseHealthCheck({
  title: 'Check the memory database',
  description:
    'Checks the database behind ai-memory: engine (sqlite or postgres) and its version, who/where it is, schema version, integrity (PRAGMA quick_check on SQLite), full-text search availability, and counts of memories, conversations and messages. Call it first when other tools fail.',
  details: storeHealthSchema,
  summarizeCounts: (c) =>
    `${c.counts.active_memories}/${c.counts.memories} active memories, ${c.counts.conversations} conversations, ${c.counts.messages} messages.`,
});
