import { toolContractSnapshots } from '@mcp/testing';
import { createGithubService } from '../src/server.js';
import { tools } from '../src/tools/index.js';

/** Each tool's name, schemas and annotations as tools/list shows them; record an intended change with `pnpm --filter @mcp/github test -- -u`. */
toolContractSnapshots({ service: createGithubService({ LOG_LEVEL: 'silent' }), tools });
