import { connectInProcess } from '@mcp/testing';
import { createAiMemoryService } from '../src/server.js';
import { freshSqlite, type TestDatabase } from './databases.js';

type Env = Record<string, string | undefined>;

export interface Harness {
  db: TestDatabase;
  service: ReturnType<typeof createAiMemoryService>;
  client: Awaited<ReturnType<typeof connectInProcess>>;
  /** Calls a tool; returns its structured result, or throws with the error text when isError. */
  call<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Calls a tool that must fail; returns the error text. */
  fail(name: string, args?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** The service in-process (no socket), driven by the SDK client, on a fresh SQLite file (or the database `env` names). */
export async function startHarness(options: { env?: Env; db?: TestDatabase } = {}): Promise<Harness> {
  const db = options.db ?? freshSqlite();
  const env: Env = { LOG_LEVEL: 'silent', AI_MEMORY_DB_PATH: db.location, AI_MEMORY_DEFAULT_NAMESPACE: 'user:42', ...options.env };
  if (db.location.startsWith('postgres')) env.AI_MEMORY_DATABASE_URL = db.location;
  const service = createAiMemoryService(env);
  const client = await connectInProcess(service);
  const raw = (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args });
  return {
    db,
    service,
    client,
    async call<T>(name: string, args: Record<string, unknown> = {}) {
      const result = await raw(name, args);
      if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
      return result.structuredContent as T;
    },
    async fail(name: string, args: Record<string, unknown> = {}) {
      const result = await raw(name, args);
      if (!result.isError) throw new Error(`${name} succeeded but should have failed: ${textOf(result)}`);
      return textOf(result);
    },
    close: async () => {
      await client.close();
      await service.stop();
      await db.dispose();
    },
  };
}

/** The text of a tool result's first content block. */
export function textOf(result: { content?: unknown }): string {
  return (result.content as Array<{ text?: string }> | undefined)?.[0]?.text ?? '';
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
