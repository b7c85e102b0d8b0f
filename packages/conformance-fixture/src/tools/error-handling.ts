import { ToolError, defineTool } from '@mcp/runtime';
import * as z from 'zod';

export const errorHandling = defineTool({
  name: 'test_error_handling',
  title: 'Error handling',
  description: 'Conformance fixture (tools-call-error): always fails, as an isError result rather than a JSON-RPC error.',
  input: z.object({}),
  output: z.object({}),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async () => {
    // A typed ToolError keeps its message; any other throw would be masked as an internal error.
    throw new ToolError('internal', 'This tool intentionally returns an error for testing');
  },
});
