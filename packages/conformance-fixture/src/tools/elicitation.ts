import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';
import { elicit } from '../ask-client.js';
import { elicitationOutput, elicitationText } from './elicitation-output.js';

export const elicitation = defineTool({
  name: 'test_elicitation',
  title: 'Elicitation',
  description: 'Conformance fixture (tools-call-elicitation): asks the user for a username and an email (elicitation/create) and returns the answer.',
  input: z.object({ message: z.string().describe('The message to show the user') }),
  output: elicitationOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async ({ message }, ctx) => {
    const asked = await elicit(ctx, 'user', {
      mode: 'form',
      message,
      requestedSchema: {
        type: 'object',
        properties: {
          username: { type: 'string', description: "User's response" },
          email: { type: 'string', description: "User's email address" },
        },
        required: ['username', 'email'],
      },
    });
    if ('pending' in asked) return asked.pending;
    const { action, content } = asked.answer;
    return withContent({ action, content }, [{ type: 'text', text: `User response: ${elicitationText(asked.answer)}` }]);
  },
});
