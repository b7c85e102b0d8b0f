import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';
import { TEST_IMAGE_BASE64 } from '../media.js';

export const multipleContentTypes = defineTool({
  name: 'test_multiple_content_types',
  title: 'Multiple content types',
  description: 'Conformance fixture (tools-call-mixed-content): returns text, an image and an embedded JSON resource in one result.',
  input: z.object({}),
  output: z.object({ types: z.array(z.string()) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async () =>
    withContent({ types: ['text', 'image', 'resource'] }, [
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: TEST_IMAGE_BASE64, mimeType: 'image/png' },
      {
        type: 'resource',
        resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: JSON.stringify({ test: 'data', value: 123 }) },
      },
    ]),
});
