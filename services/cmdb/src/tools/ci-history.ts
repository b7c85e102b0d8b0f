import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import { ciIdSchema, historySchema } from '../models.js';
import { READ } from './shared.js';

export const ciHistory = defineTool({
  name: 'ci_history',
  title: 'Change history of a configuration item',
  description:
    'Every recorded change of a CI, newest first: create, update, retire, relate, unrelate, purge — with actor, reason and an RFC 6902 JSON Patch of what changed. Works for purged CIs too. Paged: pass next_cursor back as cursor.',
  input: z.object({
    id: ciIdSchema,
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.number().int().positive().optional().describe('next_cursor of the previous page'),
  }),
  output: z.object({ ci_id: z.string(), entries: z.array(historySchema), next_cursor: z.number().int().nullable() }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    o.entries.length === 0
      ? `No history for ${o.ci_id}.`
      : o.entries.map((e) => `- ${e.changed_at} ${e.op} by ${e.actor}${e.reason ? ` (${e.reason})` : ''}`).join('\n'),
  handler: async (args, { client }: ToolContext<CmdbClient>) => {
    const rows = await client.store.history(args.id, args.limit + 1, args.cursor);
    const entries = rows.slice(0, args.limit);
    return { ci_id: args.id, entries, next_cursor: rows.length > args.limit ? entries.at(-1)!.id : null };
  },
});
