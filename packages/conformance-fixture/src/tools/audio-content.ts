import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';
import { TEST_AUDIO_BASE64 } from '../media.js';

export const audioContent = defineTool({
  name: 'test_audio_content',
  title: 'Audio content',
  description: 'Conformance fixture (tools-call-audio): returns a minimal WAV file as an audio content block.',
  input: z.object({}),
  output: z.object({ mimeType: z.string(), bytes: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async () =>
    withContent({ mimeType: 'audio/wav', bytes: Buffer.from(TEST_AUDIO_BASE64, 'base64').length }, [
      { type: 'audio', data: TEST_AUDIO_BASE64, mimeType: 'audio/wav' },
    ]),
});
