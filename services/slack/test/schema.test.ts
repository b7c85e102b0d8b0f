import { toolContractSnapshots } from '@mcp/testing';
import { createSlackService } from '../src/server.js';
import { tools } from '../src/tools/index.js';

/** Each tool's name, schemas and annotations as tools/list shows them; record an intended change with `pnpm --filter @mcp/slack test -- -u`. */
toolContractSnapshots({ service: createSlackService({ LOG_LEVEL: 'silent' }), tools });
