import type { Ci, CiType, HistoryEntry, Relationship, RelationshipType, RelationshipView, StoreHealth, Tag } from '../models.js';
import type { AppliedMigration, Engine } from '@mcp/sql';

/** A configuration item as stored (its tags live in ci_tags). */
export type CiRow = Omit<Ci, 'tags'>;

export interface CiFilter {
  /** Full-text words (FTS5 / tsvector); results then come best first, without a cursor. */
  query?: string;
  match: 'any' | 'all';
  type?: string;
  /** Case-insensitive substring of the name. */
  name?: string;
  environment?: string;
  statuses: readonly string[];
  owner?: string;
  team?: string;
  tag?: { key: string; value?: string };
  /** Attribute at a path (keys) equal to a value compared as text. */
  attribute?: { path: string[]; equals: string };
  limit: number;
  /** Keyset cursor over (name, id). */
  after?: { name: string; id: string };
}

/** One path of an impact walk: from the root to ci_id. */
export interface WalkRow {
  ci_id: string;
  depth: number;
  /** CI ids from the root (included) to ci_id (included). */
  path: string[];
  /** Relationship types along the path. */
  via: RelationshipType[];
  /** Product of the weights along the path. */
  weight: number;
}

export interface WalkOptions {
  /** downstream: what X failing impacts; upstream: what X depends on. */
  direction: 'downstream' | 'upstream';
  maxDepth: number;
  edgeTypes: readonly RelationshipType[];
  /** Stop after this many paths (dense graphs have very many). */
  rowCap: number;
}

export interface ReachOptions {
  depth: number;
  edgeTypes: readonly RelationshipType[];
  /** Along relationships as stored: outgoing (source → target), incoming, or both. */
  direction: 'both' | 'outgoing' | 'incoming';
  includeRetired: boolean;
  nodeCap: number;
}

/**
 * The primitive reads and writes of the CMDB, one implementation per engine.
 * The rules (validation, optimistic locking, history, impact scoring) live
 * once, in src/ops/, on top of these.
 */
export interface CmdbQueries {
  listTypes(): Promise<CiType[]>;
  getType(name: string): Promise<CiType | undefined>;
  /** Inserts or replaces a type; true when it was new. */
  putType(type: { name: string; attribute_schema: Record<string, unknown>; icon: string | null; description: string | null }, now: string): Promise<boolean>;

  getCi(id: string): Promise<CiRow | undefined>;
  getCiByExternal(source: string, externalId: string): Promise<CiRow | undefined>;
  getCis(ids: readonly string[]): Promise<CiRow[]>;
  tagsOf(ids: readonly string[]): Promise<Map<string, Tag[]>>;
  insertCi(row: CiRow): Promise<void>;
  /** Writes every column of row where id matches and version = expectedVersion; false when no row matched. */
  updateCi(row: CiRow, expectedVersion: number): Promise<boolean>;
  deleteCi(id: string): Promise<void>;
  replaceTags(ciId: string, tags: readonly Tag[]): Promise<void>;
  searchCis(filter: CiFilter): Promise<Array<CiRow & { score: number | null }>>;

  addHistory(entry: Omit<HistoryEntry, 'id'>): Promise<void>;
  /** Newest first; `beforeId` pages backwards. */
  history(ciId: string, limit: number, beforeId?: number): Promise<HistoryEntry[]>;

  getRelationship(id: string): Promise<Relationship | undefined>;
  findRelationship(sourceId: string, targetId: string, type: RelationshipType): Promise<Relationship | undefined>;
  insertRelationship(relationship: Relationship): Promise<void>;
  updateRelationship(id: string, weight: number, attributes: Record<string, unknown>): Promise<void>;
  deleteRelationship(id: string): Promise<void>;
  /** Direct relationships of a CI (both directions), with the CI at the other end, and the totals. */
  relationshipsOf(ciId: string, limit: number): Promise<{ items: RelationshipView[]; outgoing: number; incoming: number }>;
  relationshipsAmong(ids: readonly string[], edgeTypes: readonly RelationshipType[]): Promise<Relationship[]>;

  /** Every cycle-free path from the root along the impact flow (recursive CTE), skipping retired CIs. */
  impactWalk(rootId: string, options: WalkOptions): Promise<{ rows: WalkRow[]; truncated: boolean }>;
  /** The CIs within `depth` hops of the root (recursive CTE), each with its smallest depth. */
  reach(rootId: string, options: ReachOptions): Promise<{ nodes: Array<{ id: string; depth: number }>; truncated: boolean }>;
}

export interface CmdbStore extends CmdbQueries {
  readonly engine: Engine;
  migrate(): Promise<void>;
  appliedMigrations(): Promise<AppliedMigration[]>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
  /** Runs fn atomically: everything done through `q` commits together or not at all. */
  transaction<T>(fn: (q: CmdbQueries) => Promise<T>): Promise<T>;
}

/** Where impact flows along a relationship: from its target to its source, except part_of (source → target). */
export interface FlowEdges {
  reverse: RelationshipType[];
  forward: RelationshipType[];
}
