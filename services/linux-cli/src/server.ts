import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { createLinuxCliClient, upstreamProbe } from './client.js';
import { envSchema, missingConfig } from './env.js';
import { tools } from './tools/index.js';

/** The port recorded for linux-cli in .mcp.json; PORT overrides it. */
export const DEFAULT_PORT = 9007;

export function createLinuxCliService(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'linux-cli',
      version: '0.1.0',
      title: 'Linux Cli',
      instructions: 'Validated Linux command execution and file access, local or over SSH',
      env: envSchema,
      client: createLinuxCliClient,
      tools,
      health: (client) => ({ upstream_probe: upstreamProbe(client) }),
      missingConfig,
      readOnly: (settings) => settings.LINUX_CLI_READ_ONLY,
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createLinuxCliService({ PORT: String(DEFAULT_PORT), ...process.env }).main();
