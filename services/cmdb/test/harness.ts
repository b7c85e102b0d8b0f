import { type DbHarness, startDbHarness } from '@mcp/sql/testing';
import { createCmdbService } from '../src/server.js';
import { freshSqlite, type TestDatabase } from './databases.js';

type Env = Record<string, string | undefined>;

export type Harness = DbHarness<ReturnType<typeof createCmdbService>>;

export { textOf } from '@mcp/sql/testing';

/** The service in-process (no socket), driven by the SDK client, on a fresh SQLite file (or the database `env` names). */
export async function startHarness(options: { env?: Env; db?: TestDatabase } = {}): Promise<Harness> {
  const db = options.db ?? freshSqlite();
  const env: Env = { LOG_LEVEL: 'silent', CMDB_DB_PATH: db.location, ...options.env };
  if (db.location.startsWith('postgres')) env.CMDB_DATABASE_URL = db.location;
  return startDbHarness(db, createCmdbService(env));
}

export interface CiOut {
  id: string;
  type: string;
  name: string;
  status: string;
  version: number;
  criticality: number;
  attributes: Record<string, unknown>;
  tags: Array<{ key: string; value: string }>;
}

/** Creates a CI through the tool and returns it. */
export async function createCi(h: Harness, args: Record<string, unknown>): Promise<CiOut> {
  return (await h.call<{ ci: CiOut }>('ci_upsert', args)).ci;
}
