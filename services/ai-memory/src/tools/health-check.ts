import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { storeHealthSchema } from '../models.js';

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Check the memory database',
  description:
    'Checks the database behind ai-memory: engine (sqlite or postgres) and its version, who/where it is, schema version, integrity (PRAGMA quick_check on SQLite), full-text search availability, and counts of memories, conversations and messages. Call it first when other tools fail.',
  input: z.object({}),
  output: z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    engine: z.enum(['sqlite', 'postgres']),
    database: z.string().describe('The SQLite file or PostgreSQL host:port/database'),
    details: storeHealthSchema.optional(),
    error: z.string().optional().describe('Why the check failed, when ok is false'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  render: (o) =>
    o.ok && o.details
      ? `${o.engine} ${o.details.version.split(' ').slice(0, 2).join(' ')} at ${o.database} answered in ${o.latencyMs} ms: schema v${o.details.schema_version}, ` +
        `${o.details.counts.active_memories}/${o.details.counts.memories} active memories, ${o.details.counts.conversations} conversations, ${o.details.counts.messages} messages.`
      : `The ${o.engine} database at ${o.database} is not healthy (${o.latencyMs} ms): ${o.error}`,
  handler: async (_args, { client }: ToolContext<AiMemoryClient>) => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    const base = { engine: client.db.engine, database: client.db.where };
    try {
      const details = await client.store.health();
      const ok = details.integrity === 'ok' && details.full_text;
      return {
        ok,
        latencyMs: latencyMs(),
        ...base,
        details,
        ...(!ok && { error: details.integrity === 'ok' ? 'full-text search unavailable' : details.integrity }),
      };
    } catch (error) {
      // A database failure is the answer to "is it healthy?"; anything else is a bug the runtime reports.
      if (!isToolError(error)) throw error;
      return { ok: false, latencyMs: latencyMs(), ...base, error: error.toText() };
    }
  },
});
