import { createService, defineTool } from '@mcp/runtime';
import * as z from 'zod';

/** A service whose one tool fails on `errorPercent` of calls (every call n with n % 100 < errorPercent), naming itself in results. */
export function createFlakyService(label: string, errorPercent: number) {
  let calls = 0;
  const ping = defineTool({
    name: 'ping',
    title: 'Ping',
    description: 'Answers with the label of the target that served the call.',
    input: z.object({}),
    output: z.object({ target: z.string() }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    handler: async () => {
      const n = calls++;
      if ((n * 37) % 100 < errorPercent) throw new Error(`${label} failed call ${n}`);
      return { target: label };
    },
  });
  return createService({ name: `flaky-${label}`, version: '0.0.0', env: z.object({}), tools: [ping] }, { env: { LOG_LEVEL: 'silent' } });
}
