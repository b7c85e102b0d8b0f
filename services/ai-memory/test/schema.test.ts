import { toolContractSnapshots } from '@mcp/testing';
import { createAiMemoryService } from '../src/server.js';
import { tools } from '../src/tools/index.js';
import { freshSqlite } from './databases.js';

const db = freshSqlite();

/** Each tool's name, schemas and annotations as tools/list shows them; record an intended change with `pnpm --filter @mcp/ai-memory test -- -u`. */
toolContractSnapshots({
  service: createAiMemoryService({ LOG_LEVEL: 'silent', AI_MEMORY_DB_PATH: db.location }),
  tools,
  cleanup: () => db.dispose(),
});
