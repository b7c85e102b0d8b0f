import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { createEdgeLakeClient, upstreamProbe } from './client.js';
import { envSchema, missingConfig } from './env.js';
import { tools } from './tools/index.js';

/** The port recorded for edgelake in .mcp.json; PORT overrides it. */
export const DEFAULT_PORT = 9011;

export function createEdgelakeService(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'edgelake',
      version: '0.1.0',
      title: 'EdgeLake',
      instructions:
        'EdgeLake / AnyLog network: find data with list_tables and describe_table, see where it lives with data_nodes, read it with query (one SELECT, across the network). node_status and list_policies show the node and the network metadata. Everything is read-only.',
      env: envSchema,
      client: createEdgeLakeClient,
      tools,
      health: (client) => ({ upstream_probe: upstreamProbe(client) }),
      missingConfig,
      readOnly: (settings) => settings.EDGELAKE_READ_ONLY,
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createEdgelakeService({ PORT: String(DEFAULT_PORT), ...process.env }).main();
