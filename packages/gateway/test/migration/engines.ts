import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '@mcp/sql/testing';
import { afterAll } from 'vitest';
import { type MigratableStore, PostgresStore, SqliteStore } from '../../src/store/index.js';

/** A fresh database (SQLite temp file, PostgreSQL schema) and a scratch directory for one test. */
export interface EngineFixture {
  open(): MigratableStore;
  dir: string;
  dispose(): Promise<void>;
}

/** Fresh PostgreSQL schemas (search_path) per test, and the CI=true / skip rule: @mcp/sql's helpers. */
const databases = testDatabases({ service: 'gw-migration', sqliteFile: 'gateway.sqlite', schemaPrefix: 'gw_mig' });

/**
 * Registers `suite` once per engine, like the store contract: SQLite always;
 * PostgreSQL when reachable, skipped (with a warning) otherwise, and a failure
 * when CI=true.
 */
export async function forEachEngine(title: string, suite: (engine: 'sqlite' | 'postgres', fresh: () => Promise<EngineFixture>) => void): Promise<void> {
  const scratch = () => mkdtempSync(join(tmpdir(), 'gw-migration-'));
  suite('sqlite', async () => {
    const dir = scratch();
    return { dir, open: () => new SqliteStore({ path: join(dir, 'gateway.sqlite') }), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  });
  afterAll(() => databases.closeAdmin());
  await databases.describePostgres(`postgres ${title}`, () =>
    suite('postgres', async () => {
      const db = await databases.freshPostgres();
      const dir = scratch();
      return {
        dir,
        open: () => new PostgresStore({ connectionString: db.location }),
        dispose: async () => {
          rmSync(dir, { recursive: true, force: true });
          await db.dispose();
        },
      };
    }),
  );
}
