import { toolContractSnapshots } from '@mcp/testing';
import { createEdgelakeService } from '../src/server.js';
import { tools } from '../src/tools/index.js';

/** Each tool's name, schemas and annotations as tools/list shows them; record an intended change with `pnpm --filter @mcp/edgelake test -- -u`. */
toolContractSnapshots({ service: createEdgelakeService({ LOG_LEVEL: 'silent' }), tools });
