import { testDatabases } from '@mcp/sql/testing';
import { afterAll } from 'vitest';
import { PostgresStore } from '../../src/store/index.js';
import { storeContract } from './contract.js';

// Every test gets its own schema, selected through the connection's
// search_path, so parallel runs (and parallel tests) never collide; under
// CI=true an unreachable PostgreSQL is a failure, not a skip (@mcp/sql's helpers).
const databases = testDatabases({ service: 'gw-store', sqliteFile: 'gateway.sqlite', schemaPrefix: 'gw_store' });
afterAll(() => databases.closeAdmin());

await databases.describePostgres('postgres store contract', () =>
  storeContract('postgres', async () => {
    const db = await databases.freshPostgres();
    return {
      open: (options) => new PostgresStore({ connectionString: db.location, ...options }),
      dispose: () => db.dispose(),
    };
  }),
);
