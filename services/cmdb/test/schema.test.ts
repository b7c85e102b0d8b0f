import { toolContractSnapshots } from '@mcp/testing';
import { createCmdbService } from '../src/server.js';
import { tools } from '../src/tools/index.js';
import { freshSqlite } from './databases.js';

const db = freshSqlite();

/** Each tool's name, schemas and annotations as tools/list shows them; record an intended change with `pnpm --filter @mcp/cmdb test -- -u`. */
toolContractSnapshots({
  service: createCmdbService({ LOG_LEVEL: 'silent', CMDB_DB_PATH: db.location }),
  tools,
  cleanup: () => db.dispose(),
});
