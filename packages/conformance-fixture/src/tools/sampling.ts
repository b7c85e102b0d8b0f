import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';
import { type SamplingAnswer, sample } from '../ask-client.js';

export const sampling = defineTool({
  name: 'test_sampling',
  title: 'Sampling',
  description:
    'Conformance fixture (tools-call-sampling): asks the client to sample its LLM with the prompt (sampling/createMessage, maxTokens 100) and returns the reply.',
  input: z.object({ prompt: z.string().describe('The prompt to send to the LLM') }),
  output: z.object({ model: z.string().optional(), response: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async ({ prompt }, ctx) => {
    const asked = await sample(ctx, 'sampling', { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 });
    if ('pending' in asked) return asked.pending;
    const response = replyText(asked.answer);
    return withContent({ model: asked.answer.model, response }, [{ type: 'text', text: `LLM response: ${response}` }]);
  },
});

function replyText(answer: SamplingAnswer): string {
  const blocks = Array.isArray(answer.content) ? answer.content : [answer.content];
  const texts = blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
  return texts.length > 0 ? texts.join('\n') : 'No text in the response';
}
