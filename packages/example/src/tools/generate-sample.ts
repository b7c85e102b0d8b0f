import { createHash } from 'node:crypto';
import { defineTool } from '@mcp/runtime';
import * as z from 'zod';

/**
 * Deterministic rows of sample data, as large as asked: shows how the runtime
 * hands a result over its threshold out in blocks (preview + resource_link).
 */
export const generateSample = defineTool({
  name: 'generate_sample',
  title: 'Generate sample rows',
  description:
    'Generates deterministic sample rows (id, name, checksum) from a seed. Large outputs come back as a preview plus a resource link to read in blocks with resources/read.',
  input: z.object({ rows: z.number().int().min(1).max(1_000_000).default(10), seed: z.string().default('mcp') }),
  output: z.object({ seed: z.string(), rows: z.array(z.object({ id: z.number(), name: z.string(), checksum: z.string() })) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  largeResult: true,
  handler: async ({ rows, seed }) => ({
    seed,
    rows: Array.from({ length: rows }, (_, id) => ({
      id,
      name: `${seed}-row-${id}`,
      checksum: createHash('sha1').update(`${seed}:${id}`).digest('hex'),
    })),
  }),
});
