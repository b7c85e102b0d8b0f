import { createHash } from 'node:crypto';
import { defineTool } from '@mcp/runtime';
import * as z from 'zod';

export const hashText = defineTool({
  name: 'hash_text',
  title: 'Hash text',
  description: 'Computes a cryptographic digest (sha256, sha512, sha1 or md5) of a UTF-8 text, as hex.',
  input: z.object({
    text: z.string().max(1_000_000),
    algorithm: z.enum(['sha256', 'sha512', 'sha1', 'md5']).default('sha256'),
  }),
  output: z.object({ algorithm: z.string(), hex: z.string(), bytes: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async ({ text, algorithm }) => ({
    algorithm,
    hex: createHash(algorithm).update(text, 'utf8').digest('hex'),
    bytes: Buffer.byteLength(text),
  }),
});
