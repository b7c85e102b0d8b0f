import { afterAll } from 'vitest';
import { PostgresMemoryStore } from '../../src/store/postgres-store.js';
import { closeAdmin, describePostgres, freshPostgres } from '../databases.js';
import { storeContract } from './contract.js';

afterAll(closeAdmin);

// Each test gets its own schema (search_path in the URL), dropped afterwards.
await describePostgres('postgres', () => {
  storeContract('postgres', async () => {
    const db = await freshPostgres();
    return { open: (options) => new PostgresMemoryStore({ connectionString: db.location, max: 4, ...options }), dispose: db.dispose };
  });
});
