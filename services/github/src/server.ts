import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { createGithubClient, upstreamProbe } from './client.js';
import { envSchema, missingConfig } from './env.js';
import { tools } from './tools/index.js';

/** The port recorded for github in .mcp.json; PORT overrides it. */
export const DEFAULT_PORT = 9003;

export function createGithubService(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'github',
      version: '0.1.0',
      title: 'Github',
      instructions: 'GitHub REST API: repositories, files, issues, pull requests, Actions',
      env: envSchema,
      client: createGithubClient,
      tools,
      health: (client) => ({ upstream_probe: upstreamProbe(client) }),
      missingConfig,
      readOnly: (settings) => settings.GITHUB_READ_ONLY,
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createGithubService({ PORT: String(DEFAULT_PORT), ...process.env }).main();
