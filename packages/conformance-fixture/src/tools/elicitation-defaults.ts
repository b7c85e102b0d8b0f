import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';
import { elicit } from '../ask-client.js';
import { elicitationOutput, elicitationText } from './elicitation-output.js';

export const elicitationDefaults = defineTool({
  name: 'test_elicitation_sep1034_defaults',
  title: 'Elicitation with defaults',
  description:
    'Conformance fixture (elicitation-sep1034-defaults): elicits a form whose string, integer, number, enum and boolean fields all carry defaults (SEP-1034).',
  input: z.object({}),
  output: elicitationOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async (_args, ctx) => {
    const asked = await elicit(ctx, 'form', {
      mode: 'form',
      message: 'Please review and update the form fields with defaults',
      requestedSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'User name', default: 'John Doe' },
          age: { type: 'integer', description: 'User age', default: 30 },
          score: { type: 'number', description: 'User score', default: 95.5 },
          status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
          verified: { type: 'boolean', description: 'Verification status', default: true },
        },
        required: [],
      },
    });
    if ('pending' in asked) return asked.pending;
    const { action, content } = asked.answer;
    return withContent({ action, content }, [{ type: 'text', text: `Elicitation completed: ${elicitationText(asked.answer)}` }]);
  },
});
