import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';
import { sleep } from '../sleep.js';

const MESSAGES = ['Tool execution started', 'Tool processing data', 'Tool execution completed'];

export const toolWithLogging = defineTool({
  name: 'test_tool_with_logging',
  title: 'Tool with logging',
  description: 'Conformance fixture (tools-call-with-logging): sends three info log notifications ~50 ms apart while it runs.',
  input: z.object({}),
  output: z.object({ logged: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async (_args, ctx) => {
    for (const [i, message] of MESSAGES.entries()) {
      if (i > 0) await sleep(50, ctx.signal);
      // mcpReq.log honours the level the client set (logging/setLevel, or the 2026 envelope).
      await ctx.mcp.mcpReq.log('info', message, 'conformance-fixture');
    }
    return withContent({ logged: MESSAGES.length }, [{ type: 'text', text: 'Tool with logging executed successfully' }]);
  },
});
