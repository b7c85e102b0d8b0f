import type { Conversation, Memory, MemoryHit, Message, MessageHit, StoreHealth } from '../models.js';
import type { AppliedMigration, Engine } from '@mcp/sql';

/**
 * The one store interface of ai-memory, implemented on SQLite (FTS5) and on
 * PostgreSQL (tsvector). Both are held to the same contract tests
 * (test/store/contract.ts). Times are ISO 8601 strings passed in by the
 * caller, so expiry is decided by one clock and tests can move it.
 */
export interface MemoryStore {
  readonly engine: Engine;
  /** Applies pending migrations (idempotent, safe when replicas start together). */
  migrate(): Promise<void>;
  appliedMigrations(): Promise<AppliedMigration[]>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;

  /**
   * Inserts, or — same namespace and content_hash — merges into the existing
   * memory: importance becomes the higher of the two, tags the union, expiry
   * the later one (null = never wins), a soft-deleted copy is restored; its id,
   * kind and created_at stay.
   */
  storeMemory(memory: NewMemory, now: string): Promise<{ memory: Memory; created: boolean }>;
  /** Active memories only unless includeInactive; `touch` bumps access_count and last_accessed_at. */
  getMemory(id: string, options: { includeInactive: boolean; touch: boolean; now: string }): Promise<Memory | undefined>;
  /** Patches an active memory; undefined when there is none. A content clash throws a conflict naming the other memory. */
  updateMemory(id: string, patch: MemoryPatch, now: string): Promise<Memory | undefined>;
  /** Full-text search over active memories of a namespace, best first; bumps the returned ones' access counters. */
  searchMemories(query: MemorySearch, now: string): Promise<MemoryHit[]>;
  /** Newest first (by id), keyset-paged: `before` is the last id of the previous page. */
  listMemories(query: MemoryListQuery, now: string): Promise<Memory[]>;
  /** Sets deleted_at on the selected active memories (or only counts them with dryRun). */
  softDeleteMemories(selector: MemorySelector, options: { dryRun: boolean; now: string }): Promise<{ count: number; ids: string[] }>;
  /** Clears deleted_at; undefined when no memory has that id. A clash with a newer active copy throws a conflict. */
  restoreMemory(id: string, now: string): Promise<Memory | undefined>;
  /** Hard-deletes expired, soft-deleted and (optionally) old active memories of a namespace. */
  purgeMemories(options: PurgeOptions): Promise<PurgeCounts>;

  /** Appends messages (seq continues per conversation), creating the conversation when needed. */
  appendMessages(input: AppendInput): Promise<{ conversation: Conversation; created: boolean; messages: Message[] }>;
  getConversation(id: string): Promise<Conversation | undefined>;
  /** Messages with fromSeq <= seq <= toSeq, in order. */
  getMessages(conversationId: string, fromSeq: number, toSeq: number): Promise<Message[]>;
  /** Most recently updated first, keyset-paged on (updated_at, id). */
  listConversations(query: { namespace: string; limit: number; before?: { updated_at: string; id: string } }): Promise<Conversation[]>;
  searchMessages(query: MessageSearch): Promise<MessageHit[]>;
  /** Hard-deletes a conversation and its messages; undefined when it does not exist, else the number of messages removed. */
  deleteConversation(id: string): Promise<number | undefined>;
}

export interface NewMemory {
  id: string;
  namespace: string;
  kind: Memory['kind'];
  content: string;
  content_hash: string;
  tags: string[];
  importance: number;
  source_message_id: number | null;
  expires_at: string | null;
}

export interface MemoryPatch {
  content?: string;
  content_hash?: string;
  kind?: Memory['kind'];
  tags?: string[];
  importance?: number;
  /** null clears the expiry. */
  expires_at?: string | null;
}

export type MatchMode = 'any' | 'all';

export interface MemorySearch {
  namespace: string;
  query: string;
  match: MatchMode;
  kind?: Memory['kind'];
  /** Every tag must be present. */
  tags?: string[];
  limit: number;
}

export interface MemoryListQuery {
  namespace: string;
  kind?: Memory['kind'];
  tags?: string[];
  includeInactive: boolean;
  limit: number;
  before?: string;
}

export type MemorySelector = { id: string } | { namespace: string; kind?: Memory['kind']; tags?: string[]; created_before?: string; max?: number };

export interface PurgeOptions {
  namespace: string;
  /** Only rows last updated before this instant. */
  olderThan?: string;
  includeSoftDeleted: boolean;
  /** Also active memories (requires olderThan, checked by the tool). */
  includeActive: boolean;
  dryRun: boolean;
  now: string;
}

export interface PurgeCounts {
  expired: number;
  soft_deleted: number;
  active: number;
}

export interface AppendInput {
  /** Existing conversation, or the id to create it with. */
  conversationId: string;
  namespace: string;
  title?: string;
  metadata?: Record<string, unknown>;
  messages: Array<{ role: Message['role']; content: string; metadata: Record<string, unknown> }>;
  now: string;
}

export interface MessageSearch {
  namespace: string;
  query: string;
  match: MatchMode;
  role?: Message['role'];
  conversationId?: string;
  limit: number;
}
