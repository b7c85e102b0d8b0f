import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { createSecretsClient, upstreamProbe } from './client.js';
import { envSchema, missingConfig } from './env.js';
import { tools } from './tools/index.js';

/** The port recorded for secrets in .mcp.json; PORT overrides it. */
export const DEFAULT_PORT = 9008;

export function createSecretsService(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'secrets',
      version: '0.1.0',
      title: 'Secrets',
      instructions: 'Secrets from KeePass, HashiCorp Vault KV v2 and Azure Key Vault, values behind approval',
      env: envSchema,
      client: createSecretsClient,
      tools,
      health: (client) => ({ upstream_probe: upstreamProbe(client) }),
      missingConfig,
      readOnly: (settings) => settings.SECRETS_READ_ONLY,
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createSecretsService({ PORT: String(DEFAULT_PORT), ...process.env }).main();
