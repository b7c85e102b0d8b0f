import { toolContractSnapshots } from '@mcp/testing';
import { createSnowflakeService } from '../src/server.js';
import { tools } from '../src/tools/index.js';

/** Each tool's name, schemas and annotations as tools/list shows them; record an intended change with `pnpm --filter @mcp/snowflake test -- -u`. */
toolContractSnapshots({ service: createSnowflakeService({ LOG_LEVEL: 'silent', SNOWFLAKE_READ_ONLY: 'false' }), tools });
