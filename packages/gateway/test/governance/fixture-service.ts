import { createService, defineTool } from '@mcp/runtime';
import * as z from 'zod';

/** A backend with a read-only, a writing and a destructive tool, to exercise scopes and approvals. */
const readItem = defineTool({
  name: 'read_item',
  title: 'Read item',
  description: 'Reads an item.',
  input: z.object({ id: z.string().default('1') }),
  output: z.object({ id: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async ({ id }) => ({ id }),
});
const writeItem = defineTool({
  name: 'write_item',
  title: 'Write item',
  description: 'Writes an item.',
  input: z.object({ id: z.string().default('1'), password: z.string().optional() }),
  output: z.object({ written: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async ({ id }) => ({ written: id }),
});

export let deletions = 0;
const deleteItem = defineTool({
  name: 'delete_item',
  title: 'Delete item',
  description: 'Deletes an item.',
  input: z.object({ id: z.string().default('1') }),
  output: z.object({ deleted: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  handler: async ({ id }) => {
    deletions += 1;
    return { deleted: id };
  },
});

/** A destructive tool that asks its caller itself (through the runtime's ctx.elicit) before deleting. */
const purgeItem = defineTool({
  name: 'purge_item',
  title: 'Purge item',
  description: 'Deletes an item after the caller confirms.',
  input: z.object({ id: z.string().default('1') }),
  output: z.object({ purged: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  handler: async ({ id }, ctx) => {
    const answer = await ctx.elicit!(
      { message: `Purge ${id} for good?`, requestedSchema: { type: 'object', properties: { sure: { type: 'boolean' } }, required: ['sure'] } },
      { key: 'sure' },
    );
    if (answer.action !== 'accept' || answer.content?.sure !== true) return { purged: 'nothing' };
    deletions += 1;
    return { purged: id };
  },
});

/** `asking`: also serve purge_item, a backend tool with its own question. */
export function createFixtureService(options: { asking?: boolean } = {}) {
  const tools = [readItem, writeItem, deleteItem, ...(options.asking ? [purgeItem] : [])];
  return createService({ name: 'fixture', version: '0.0.1', tools }, { env: { LOG_LEVEL: 'silent' } });
}
