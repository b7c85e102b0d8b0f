import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { prompts } from './prompts.js';
import { resources } from './resources.js';
import { configureSubscriptions } from './subscriptions.js';
import { tools } from './tools/index.js';

/**
 * The service `@modelcontextprotocol/conformance server --suite all` runs
 * against: every fixture tool, resource and prompt the suite expects, built
 * on the runtime like any other service (so the suite also exercises the
 * runtime's transports, Host/Origin validation and 2025-era sessions).
 */
export function createConformanceFixture(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'conformance-fixture',
      version: '0.1.0',
      title: 'MCP conformance fixture',
      instructions: 'Test fixtures for the official MCP conformance suite; not a real integration.',
      tools,
      resources,
      prompts,
      configure: (server) => configureSubscriptions(server),
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createConformanceFixture().main();
