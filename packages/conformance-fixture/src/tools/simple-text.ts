import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';

const TEXT = 'This is a simple text response for testing.';

export const simpleText = defineTool({
  name: 'test_simple_text',
  title: 'Simple text',
  description: 'Conformance fixture (tools-call-simple-text): returns one fixed text block.',
  input: z.object({}),
  output: z.object({ text: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async () => withContent({ text: TEXT }, [{ type: 'text', text: TEXT }]),
});
