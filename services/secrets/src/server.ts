import { pathToFileURL } from 'node:url';
import { type CreateServiceOptions, createService } from '@mcp/runtime';
import { createSecretsClient, healthChecks, type SecretsClient } from './client.js';
import { envSchema, missingConfig } from './env.js';
import { tools } from './tools/index.js';

/** The port recorded for secrets in .mcp.json; PORT overrides it. */
export const DEFAULT_PORT = 9008;

export function createSecretsService(env: Record<string, string | undefined> = process.env, options: Omit<CreateServiceOptions, 'env'> = {}) {
  return createService(
    {
      name: 'secrets',
      version: '0.1.0',
      title: 'Secrets',
      instructions:
        'Secrets in KeePass (.kdbx), HashiCorp Vault KV v2 and Azure Key Vault. list_secrets, get_secret_metadata and search_kdbx never show values; get_secret reveals one value and needs human approval, with a reason that is audited. Treat revealed values as sensitive.',
      env: envSchema,
      client: createSecretsClient,
      tools,
      health: (client) => healthChecks(client),
      missingConfig,
      readOnly: (settings) => settings.SECRETS_READ_ONLY,
      // The per-caller limit lives on the client (built once, with the settings); it counts only the secret-access tools.
      middleware: [(call, next) => (call.ctx.client as SecretsClient).limiter.middleware(call, next)],
    },
    { ...options, env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createSecretsService({ PORT: String(DEFAULT_PORT), ...process.env }).main();
