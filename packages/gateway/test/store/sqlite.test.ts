import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/index.js';
import { storeContract } from './contract.js';

// A real file rather than ':memory:', so that several store instances share
// one database, as several processes on one machine would.
storeContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-store-'));
  const path = join(dir, 'nested', 'gateway.sqlite'); // also checks the directory is created
  return {
    open: (options) => new SqliteStore({ path, ...options }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
