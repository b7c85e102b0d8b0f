import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { createCmdbClient, upstreamProbe } from './client.js';
import { envSchema, missingConfig } from './env.js';
import { tools } from './tools/index.js';

/** The port recorded for cmdb in .mcp.json; PORT overrides it. */
export const DEFAULT_PORT = 9010;

export function createCmdbService(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'cmdb',
      version: '0.1.0',
      title: 'Cmdb',
      instructions: 'Configuration management database: items, relationships, impact analysis',
      env: envSchema,
      client: createCmdbClient,
      tools,
      health: (client) => ({ upstream_probe: upstreamProbe(client) }),
      missingConfig,
      readOnly: (settings) => settings.CMDB_READ_ONLY,
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createCmdbService({ PORT: String(DEFAULT_PORT), ...process.env }).main();
