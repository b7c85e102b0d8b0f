import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { audited, type SecretsClient } from '../client.js';
import { backendInput, nameInput } from '../models.js';

export const setSecret = defineTool({
  name: 'set_secret',
  title: 'Create or update a secret',
  description:
    'Writes a secret: KeePass (entry path; sets Password, or `field`; optional username, url, tags; the old version goes to the entry history, the old file to .bak), Vault KV v2 (`value` under `field` (default "value") or several `values`; `cas` = expected current version, 0 = create only; tags become custom_metadata), Azure Key Vault (`value`, content_type, tags; a new version). Destructive: needs approval.',
  input: z.object({
    backend: backendInput,
    name: nameInput,
    value: z
      .string()
      .max(256 * 1024)
      .optional(),
    values: z.record(z.string(), z.string()).optional().describe('Vault only: several keys'),
    field: z.string().max(128).optional(),
    content_type: z.string().max(255).optional(),
    tags: z.record(z.string(), z.string().max(256)).optional(),
    cas: z.number().int().min(0).optional(),
    username: z.string().max(1024).optional(),
    url: z.string().max(2048).optional(),
  }),
  output: z.object({ backend: z.string(), name: z.string(), version: z.string().optional(), created: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  render: (o) => `${o.created ? 'Created' : 'Updated'} ${o.name} in ${o.backend}${o.version ? ` (version ${o.version})` : ''}.`,
  handler: async ({ backend, name, value, values, field, content_type, tags, cas, username, url }, ctx: ToolContext<SecretsClient>) => {
    if (value === undefined && values === undefined && username === undefined && url === undefined)
      throw new InvalidInputError('Nothing to write: pass value (or values).');
    const store = ctx.client.backend(backend);
    const result = await audited(ctx, { action: 'write', backend: store.id, path: name, field }, () =>
      store.set(name, { value, values, field, contentType: content_type, tags, cas, username, url }, ctx.signal),
    );
    return { backend: store.id, name, ...result };
  },
});
