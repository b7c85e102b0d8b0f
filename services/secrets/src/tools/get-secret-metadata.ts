import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { audited, type SecretsClient } from '../client.js';
import { backendInput, nameInput, secretMetadata } from '../models.js';

export const getSecretMetadata = defineTool({
  name: 'get_secret_metadata',
  title: 'Secret metadata (no value)',
  description:
    'Versions, dates, tags, enabled state, content type and field names of one secret — a KeePass entry path ("Internet/GitHub"), a Vault KV path ("apps/web/db") or an Azure Key Vault secret name. Never returns the value.',
  input: z.object({ backend: backendInput, name: nameInput }),
  output: secretMetadata,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async ({ backend, name }, ctx: ToolContext<SecretsClient>) => {
    const store = ctx.client.backend(backend);
    const meta = await audited(ctx, { action: 'metadata', backend: store.id, path: name }, () => store.metadata(name, ctx.signal));
    return { ...meta, backend: store.id };
  },
});
