import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';
import { sleep } from '../sleep.js';

export const toolWithProgress = defineTool({
  name: 'test_tool_with_progress',
  title: 'Tool with progress',
  description: 'Conformance fixture (tools-call-with-progress): reports progress 0, 50 and 100 of 100, ~50 ms apart, when the call carries a progress token.',
  input: z.object({}),
  output: z.object({ steps: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async (_args, ctx) => {
    const steps = [0, 50, 100];
    for (const [i, progress] of steps.entries()) {
      if (i > 0) await sleep(50, ctx.signal);
      await ctx.progress(progress, 100, `Completed step ${progress} of 100`);
    }
    return withContent({ steps: steps.length }, [{ type: 'text', text: 'Tool with progress executed successfully' }]);
  },
});
