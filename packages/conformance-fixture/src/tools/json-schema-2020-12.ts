import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';

// An `id` makes zod emit the schema once under `$defs` and `$ref` it (what SEP-1613 checks survives listing).
const address = z.object({ street: z.string().optional(), city: z.string().optional() }).meta({ id: 'address' });

export const jsonSchema202012 = defineTool({
  name: 'json_schema_2020_12_tool',
  title: 'JSON Schema 2020-12',
  description:
    'Conformance fixture (json-schema-2020-12): its input schema carries $schema (draft 2020-12), $defs with a $ref, and additionalProperties: false (SEP-1613). Echoes its arguments.',
  // strictObject → additionalProperties: false; zod adds the 2020-12 $schema itself.
  input: z.strictObject({ name: z.string().optional(), address: address.optional() }),
  output: z.object({ received: z.record(z.string(), z.unknown()) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async (args) => withContent({ received: args }, [{ type: 'text', text: `JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}` }]),
});
