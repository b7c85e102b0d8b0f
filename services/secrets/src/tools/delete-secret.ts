import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { audited, type SecretsClient } from '../client.js';
import { backendInput, nameInput } from '../models.js';

export const deleteSecret = defineTool({
  name: 'delete_secret',
  title: 'Delete a secret',
  description:
    'Deletes a secret, recoverably by default: KeePass moves the entry to the recycle bin, Vault soft-deletes the latest version (or `versions`), Azure Key Vault soft-deletes. `permanent: true` deletes the KeePass entry outright, destroys the Vault `versions`, or purges the Azure secret. Destructive: needs approval.',
  input: z.object({
    backend: backendInput,
    name: nameInput,
    versions: z.array(z.number().int().positive()).max(100).optional().describe('Vault: the versions to delete or destroy'),
    permanent: z.boolean().default(false),
  }),
  output: z.object({ backend: z.string(), name: z.string(), recoverable: z.boolean(), detail: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  render: (o) => `${o.name} in ${o.backend}: ${o.detail}.`,
  handler: async ({ backend, name, versions, permanent }, ctx: ToolContext<SecretsClient>) => {
    const store = ctx.client.backend(backend);
    const result = await audited(ctx, { action: 'delete', backend: store.id, path: name }, () =>
      store.remove(name, { versions, permanent, signal: ctx.signal }),
    );
    return { backend: store.id, name, ...result };
  },
});
