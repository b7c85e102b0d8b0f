import { afterAll } from 'vitest';
import { createPostgresStore } from '../../src/store/stores.js';
import { closeAdmin, describePostgres, freshPostgres } from '../databases.js';
import { cmdbContract } from './contract.js';

afterAll(closeAdmin);

// Each test gets its own schema (search_path in the URL), dropped afterwards.
await describePostgres('postgres', () => {
  cmdbContract('postgres', async () => {
    const db = await freshPostgres();
    return { open: (options) => createPostgresStore({ connectionString: db.location, max: 4, ...options }), dispose: db.dispose };
  });
});
