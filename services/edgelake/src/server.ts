import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { createEdgelakeClient, upstreamProbe } from './client.js';
import { envSchema, missingConfig } from './env.js';
import { tools } from './tools/index.js';

/** The port recorded for edgelake in .mcp.json; PORT overrides it. */
export const DEFAULT_PORT = 9011;

export function createEdgelakeService(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'edgelake',
      version: '0.1.0',
      title: 'Edgelake',
      instructions: 'EdgeLake: read-only SQL over the distributed data layer, node status and schema',
      env: envSchema,
      client: createEdgelakeClient,
      tools,
      health: (client) => ({ upstream_probe: upstreamProbe(client) }),
      missingConfig,
      readOnly: (settings) => settings.EDGELAKE_READ_ONLY,
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createEdgelakeService({ PORT: String(DEFAULT_PORT), ...process.env }).main();
