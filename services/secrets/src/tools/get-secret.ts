import { defineTool, ForbiddenError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { audited, type SecretsClient } from '../client.js';
import { backendInput, nameInput } from '../models.js';

export const getSecret = defineTool({
  name: 'get_secret',
  title: 'Reveal a secret value',
  description:
    'Returns the value of one secret: a KeePass entry field (Password by default), a Vault KV secret (all keys, or the `field` key; optional `version`), or an Azure Key Vault secret (optional `version`). Destructive: it reveals a secret, so the gateway asks a human first. Say why in `reason`: it goes to the audit log (the value never does).',
  input: z.object({
    backend: backendInput,
    name: nameInput,
    version: z.string().max(64).optional(),
    field: z.string().max(128).optional().describe('KeePass field (Password, UserName, URL, Notes or a custom one) or Vault key'),
    reason: z.string().min(3).max(500).describe('Why the value is needed (audited)'),
  }),
  output: z.object({
    backend: z.string(),
    name: z.string(),
    version: z.string().optional(),
    field: z.string().optional(),
    value: z.string().optional(),
    values: z.record(z.string(), z.string()).optional(),
    contentType: z.string().optional(),
    sensitive: z.literal(true).describe('Handle as a secret: do not repeat it needlessly, never write it to logs or tickets'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  render: (o) =>
    `Secret ${o.name} (${o.backend}${o.version ? `, version ${o.version}` : ''}${o.field ? `, ${o.field}` : ''}) — sensitive:\n${o.value ?? JSON.stringify(o.values, null, 2)}`,
  handler: async ({ backend, name, version, field, reason }, ctx: ToolContext<SecretsClient>) => {
    const store = ctx.client.backend(backend);
    if (ctx.client.env.SECRETS_REVEAL === 'never') {
      throw new ForbiddenError('Revealing secret values is disabled here (SECRETS_REVEAL=never).', {
        hint: 'list_secrets and get_secret_metadata still work.',
      });
    }
    const revealed = await audited(ctx, { action: 'reveal', backend: store.id, path: name, version, field, reason }, () =>
      store.reveal(name, { version, field, signal: ctx.signal }),
    );
    return { backend: store.id, name, ...(field && { field }), ...revealed, sensitive: true as const };
  },
});
