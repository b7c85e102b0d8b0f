import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { envSchema } from './env.js';
import { tools } from './tools/index.js';

/** The quick start's service: local tools only, no upstream, no credentials. */
export function createExampleService(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'example',
      version: '0.1.0',
      title: 'Example local tools',
      instructions: 'Local utilities: current time in any time zone, hashing, text statistics, and a large sample result that shows block transfer.',
      env: envSchema,
      tools,
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createExampleService().main();
