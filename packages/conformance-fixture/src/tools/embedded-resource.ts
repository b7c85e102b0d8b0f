import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';

const RESOURCE = { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' };

export const embeddedResource = defineTool({
  name: 'test_embedded_resource',
  title: 'Embedded resource',
  description: 'Conformance fixture (tools-call-embedded-resource): returns a text resource embedded in the result.',
  input: z.object({}),
  output: z.object({ uri: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async () => withContent({ uri: RESOURCE.uri }, [{ type: 'resource', resource: RESOURCE }]),
});
