import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { createSnowflakeClient, upstreamProbe } from './client.js';
import { envSchema, missingConfig } from './env.js';
import { tools } from './tools/index.js';

/** The port recorded for snowflake in .mcp.json; PORT overrides it. */
export const DEFAULT_PORT = 9004;

export function createSnowflakeService(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'snowflake',
      version: '0.1.0',
      title: 'Snowflake',
      instructions:
        'Snowflake SQL API v2. Explore with list_objects and describe_table, read with run_query (one read statement; bind values with ?), poll long statements with get_statement. Read-only unless SNOWFLAKE_READ_ONLY=false.',
      env: envSchema,
      client: createSnowflakeClient,
      tools,
      health: (client) => ({ upstream_probe: upstreamProbe(client) }),
      missingConfig,
      readOnly: (settings) => settings.SNOWFLAKE_READ_ONLY,
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createSnowflakeService({ PORT: String(DEFAULT_PORT), ...process.env }).main();
