import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { audited, type SecretsClient } from '../client.js';
import { secretItem } from '../models.js';

export const searchKdbx = defineTool({
  name: 'search_kdbx',
  title: 'Search the KeePass database',
  description:
    'Finds KeePass entries whose title, user name, URL or tags contain the query (case-insensitive), outside the recycle bin. Returns entry paths and non-secret fields, never passwords.',
  input: z.object({ query: z.string().min(1).max(200), limit: z.number().int().min(1).max(200).default(50) }),
  output: z.object({ items: z.array(secretItem), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  render: (o) =>
    [
      `${o.items.length} entr${o.items.length === 1 ? 'y' : 'ies'}${o.truncated ? ' (more exist: refine the query)' : ''}:`,
      ...o.items.map((i) => `${i.name}${i.username ? ` — ${i.username}` : ''}${i.url ? ` <${i.url}>` : ''}`),
    ].join('\n'),
  handler: async ({ query, limit }, ctx: ToolContext<SecretsClient>) => {
    const kdbx = ctx.client.kdbx();
    return audited(ctx, { action: 'search', backend: 'kdbx', path: `search:${query}` }, () => kdbx.search(query, limit));
  },
});
