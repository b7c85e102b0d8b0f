import { type DbHarness, startDbHarness } from '@mcp/sql/testing';
import { createAiMemoryService } from '../src/server.js';
import { freshSqlite, type TestDatabase } from './databases.js';

type Env = Record<string, string | undefined>;

export type Harness = DbHarness<ReturnType<typeof createAiMemoryService>>;

export { textOf } from '@mcp/sql/testing';

/** The service in-process (no socket), driven by the SDK client, on a fresh SQLite file (or the database `env` names). */
export async function startHarness(options: { env?: Env; db?: TestDatabase } = {}): Promise<Harness> {
  const db = options.db ?? freshSqlite();
  const env: Env = { LOG_LEVEL: 'silent', AI_MEMORY_DB_PATH: db.location, AI_MEMORY_DEFAULT_NAMESPACE: 'user:42', ...options.env };
  if (db.location.startsWith('postgres')) env.AI_MEMORY_DATABASE_URL = db.location;
  return startDbHarness(db, createAiMemoryService(env));
}

export interface StoredMemory {
  id: string;
  namespace: string;
  kind: string;
  content: string;
  tags: string[];
  importance: number;
  access_count: number;
  expires_at: string | null;
  deleted_at: string | null;
  source_message_id: number | null;
}
