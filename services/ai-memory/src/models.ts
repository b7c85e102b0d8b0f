import * as z from 'zod';

/**
 * Shapes of the records the store returns and the tools hand out. Field names
 * follow the data model's columns (snake_case), as the tools' inputs do.
 * Everything stored is untrusted text: it was written by agents and users.
 */
export const MEMORY_KINDS = ['fact', 'preference', 'summary', 'task', 'note'] as const;
export const MESSAGE_ROLES = ['user', 'assistant', 'system', 'tool'] as const;

export const memoryKindSchema = z.enum(MEMORY_KINDS);
export const messageRoleSchema = z.enum(MESSAGE_ROLES);

/** Namespaces organise memories (`user:42`, `agent:planner`, `project:apollo`); they are not an access boundary. */
export const namespaceSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9:._@/-]{0,127}$/, 'letters, digits and : . _ @ / -, starting with a letter or digit, at most 128 characters');

export const memoryIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a memory id (26-character ULID)');

export const memorySchema = z.object({
  id: z.string(),
  namespace: z.string(),
  kind: memoryKindSchema,
  content: z.string(),
  tags: z.array(z.string()),
  importance: z.number(),
  source_message_id: z.number().int().nullable(),
  content_hash: z.string().describe('sha256 of the normalised content: the dedupe key within a namespace'),
  created_at: z.string(),
  updated_at: z.string(),
  last_accessed_at: z.string().nullable(),
  access_count: z.number().int(),
  expires_at: z.string().nullable().describe('When the memory stops being returned; null = never'),
  deleted_at: z.string().nullable().describe('Set when soft-deleted (memory_delete); memory_restore clears it'),
});
export type Memory = z.infer<typeof memorySchema>;

export const memoryHitSchema = memorySchema.extend({
  score: z.number().describe('Relevance, higher is better (negated bm25 on SQLite, ts_rank_cd on PostgreSQL); compare only within one result'),
  snippet: z.string().describe('The best matching fragment, matches wrapped in **'),
});
export type MemoryHit = z.infer<typeof memoryHitSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  namespace: z.string(),
  title: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
  message_count: z.number().int(),
  last_seq: z.number().int().describe('seq of the newest message (0 when empty); seqs run 1..last_seq'),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const messageSchema = z.object({
  id: z.number().int(),
  conversation_id: z.string(),
  seq: z.number().int(),
  role: messageRoleSchema,
  content: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});
export type Message = z.infer<typeof messageSchema>;

export const messageHitSchema = messageSchema.extend({
  namespace: z.string(),
  score: z.number().describe('Relevance, higher is better; compare only within one result'),
  snippet: z.string(),
});
export type MessageHit = z.infer<typeof messageHitSchema>;

export const storeHealthSchema = z.object({
  engine: z.enum(['sqlite', 'postgres']),
  version: z.string().describe('SQLite library version, or PostgreSQL version()'),
  identity: z.string().describe('The database file (SQLite) or current_user@database (PostgreSQL)'),
  schema_version: z.number().int(),
  full_text: z.boolean().describe('FTS5 compiled in (SQLite) / tsvector available (PostgreSQL)'),
  integrity: z.string().describe('"ok", or what PRAGMA quick_check found'),
  counts: z.object({ memories: z.number().int(), active_memories: z.number().int(), conversations: z.number().int(), messages: z.number().int() }),
});
export type StoreHealth = z.infer<typeof storeHealthSchema>;
