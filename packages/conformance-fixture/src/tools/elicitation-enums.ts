import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';
import { elicit } from '../ask-client.js';
import { elicitationOutput, elicitationText } from './elicitation-output.js';

const titled = (prefix: string, titles: string[]) => titles.map((title, i) => ({ const: `${prefix}${i + 1}`, title }));

export const elicitationEnums = defineTool({
  name: 'test_elicitation_sep1330_enums',
  title: 'Elicitation with enums',
  description:
    'Conformance fixture (elicitation-sep1330-enums): elicits a form with the five enum shapes of SEP-1330 (untitled/titled single-select, legacy enumNames, untitled/titled multi-select).',
  input: z.object({}),
  output: elicitationOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async (_args, ctx) => {
    const asked = await elicit(ctx, 'choices', {
      mode: 'form',
      message: 'Please select options from the enum fields',
      requestedSchema: {
        type: 'object',
        properties: {
          untitledSingle: { type: 'string', description: 'Select one option', enum: ['option1', 'option2', 'option3'] },
          titledSingle: {
            type: 'string',
            description: 'Select one option with titles',
            oneOf: titled('value', ['First Option', 'Second Option', 'Third Option']),
          },
          legacyEnum: {
            type: 'string',
            description: 'Select one option (legacy)',
            enum: ['opt1', 'opt2', 'opt3'],
            enumNames: ['Option One', 'Option Two', 'Option Three'],
          },
          untitledMulti: {
            type: 'array',
            description: 'Select multiple options',
            minItems: 1,
            maxItems: 3,
            items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
          },
          titledMulti: {
            type: 'array',
            description: 'Select multiple options with titles',
            minItems: 1,
            maxItems: 3,
            items: { anyOf: titled('value', ['First Choice', 'Second Choice', 'Third Choice']) },
          },
        },
        required: [],
      },
    });
    if ('pending' in asked) return asked.pending;
    const { action, content } = asked.answer;
    return withContent({ action, content }, [{ type: 'text', text: `Elicitation completed: ${elicitationText(asked.answer)}` }]);
  },
});
