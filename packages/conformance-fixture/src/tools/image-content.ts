import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';
import { TEST_IMAGE_BASE64 } from '../media.js';

export const imageContent = defineTool({
  name: 'test_image_content',
  title: 'Image content',
  description: 'Conformance fixture (tools-call-image): returns a 1x1 PNG as an image content block.',
  input: z.object({}),
  output: z.object({ mimeType: z.string(), bytes: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async () =>
    withContent({ mimeType: 'image/png', bytes: Buffer.from(TEST_IMAGE_BASE64, 'base64').length }, [
      { type: 'image', data: TEST_IMAGE_BASE64, mimeType: 'image/png' },
    ]),
});
