import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { DbDescription } from './errors.js';
import type { DbHealth } from './store.js';

export interface DatabaseHealthCheckOptions<D extends z.ZodType<DbHealth>> {
  title: string;
  description: string;
  /** The service's health report schema (its own row counts). */
  details: D;
  /** The service's summary of its counts, for the text rendering. */
  summarizeCounts: (details: z.infer<D>) => string;
}

/**
 * The `health_check` tool of a local-data service: engine and version, where
 * the database is, schema version, integrity, full-text search and row
 * counts. A database failure is the answer (ok: false), not an error result.
 */
export function defineDatabaseHealthCheck<D extends z.ZodType<DbHealth>>(options: DatabaseHealthCheckOptions<D>) {
  return defineTool({
    name: 'health_check',
    title: options.title,
    description: options.description,
    input: z.object({}),
    output: z.object({
      ok: z.boolean(),
      latencyMs: z.number(),
      engine: z.enum(['sqlite', 'postgres']),
      database: z.string().describe('The SQLite file or PostgreSQL host:port/database'),
      details: options.details.optional(),
      error: z.string().optional().describe('Why the check failed, when ok is false'),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    render: (o) =>
      o.ok && o.details
        ? `${o.engine} ${o.details.version.split(' ').slice(0, 2).join(' ')} at ${o.database} answered in ${o.latencyMs} ms: schema v${o.details.schema_version}, ` +
          options.summarizeCounts(o.details)
        : `The ${o.engine} database at ${o.database} is not healthy (${o.latencyMs} ms): ${o.error}`,
    handler: async (_args, { client }: ToolContext<{ db: DbDescription; store: { health(): Promise<z.infer<D>> } }>) => {
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
}
