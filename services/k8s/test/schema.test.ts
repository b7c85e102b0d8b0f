import { toolContractSnapshots } from '@mcp/testing';
import { createK8sService } from '../src/server.js';
import { tools } from '../src/tools/index.js';

/** Each tool's name, schemas and annotations as tools/list shows them; record an intended change with `pnpm --filter @mcp/k8s test -- -u`. */
toolContractSnapshots({ service: createK8sService({ LOG_LEVEL: 'silent' }), tools });
