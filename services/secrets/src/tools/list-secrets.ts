import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { audited, type SecretsClient } from '../client.js';
import { backendInput, secretItem } from '../models.js';

export const listSecrets = defineTool({
  name: 'list_secrets',
  title: 'List secrets (names only)',
  description:
    'Lists secret names and metadata under a prefix — a KeePass group path ("Internet"), a Vault KV folder ("apps/web/"), or an Azure Key Vault name prefix — one page at a time (pass nextCursor back as cursor). Never returns values: use get_secret for one value (needs approval).',
  input: z.object({
    backend: backendInput,
    prefix: z.string().max(512).default('').describe('Group / folder / name prefix; empty for the top level'),
    cursor: z.string().max(4096).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  }),
  output: z.object({ backend: z.string(), prefix: z.string(), items: z.array(secretItem), nextCursor: z.string().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) =>
    [
      `${o.items.length} item(s) under "${o.prefix}" in ${o.backend}${o.nextCursor ? ' (more: pass nextCursor)' : ''}:`,
      ...o.items.map((i) => `${i.kind === 'folder' ? '[dir] ' : ''}${i.name}${i.updatedAt ? `  (updated ${i.updatedAt})` : ''}`),
    ].join('\n'),
  handler: async ({ backend, prefix, cursor, limit }, ctx: ToolContext<SecretsClient>) => {
    const store = ctx.client.backend(backend);
    const page = await audited(ctx, { action: 'list', backend: store.id, path: prefix }, () => store.list(prefix, { cursor, limit, signal: ctx.signal }));
    return { backend: store.id, prefix, ...page };
  },
});
