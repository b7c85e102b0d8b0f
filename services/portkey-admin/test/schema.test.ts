import { toolContractSnapshots } from '@mcp/testing';
import { createPortkeyAdminService } from '../src/server.js';
import { tools } from '../src/tools/index.js';

/** Each tool's name, schemas and annotations as tools/list shows them; record an intended change with `pnpm --filter @mcp/portkey-admin test -- -u`. */
toolContractSnapshots({ service: createPortkeyAdminService({ LOG_LEVEL: 'silent' }), tools });
