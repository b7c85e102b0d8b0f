import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { createPortkeyAdminClient, upstreamProbe } from './client.js';
import { envSchema, missingConfig } from './env.js';
import { tools } from './tools/index.js';

/** The port recorded for portkey-admin in .mcp.json; PORT overrides it. */
export const DEFAULT_PORT = 9006;

export function createPortkeyAdminService(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'portkey-admin',
      version: '0.1.0',
      title: 'Portkey Admin',
      instructions:
        'Portkey AI gateway Admin API: routing configs (read, and update with approval), providers, API keys and scopes, workspaces, users, analytics time series and groups (time range required), admin audit logs. Lists page with current_page (0-based) and next_page. Costs are in cents.',
      env: envSchema,
      client: createPortkeyAdminClient,
      tools,
      health: (client) => ({ upstream_probe: upstreamProbe(client) }),
      missingConfig,
      readOnly: (settings) => settings.PORTKEY_ADMIN_READ_ONLY,
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createPortkeyAdminService({ PORT: String(DEFAULT_PORT), ...process.env }).main();
