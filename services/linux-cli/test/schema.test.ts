import { toolContractSnapshots } from '@mcp/testing';
import { createLinuxCliService } from '../src/server.js';
import { tools } from '../src/tools/index.js';

/** Each tool's name, schemas and annotations as tools/list shows them; record an intended change with `pnpm --filter @mcp/linux-cli test -- -u`. */
toolContractSnapshots({ service: createLinuxCliService({ LOG_LEVEL: 'silent', LINUX_CLI_ROOTS: '/tmp' }), tools });
