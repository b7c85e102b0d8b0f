import type { Migration } from '@mcp/sql';

/**
 * The data model of the catalog (services.md, ai_memory), on both engines.
 *
 * SQLite: timestamps are ISO 8601 text (UTC, ms) so they sort as strings; JSON
 * is TEXT checked with json_valid. `memories` keeps the catalog's ULID `id` as
 * its public key but has an INTEGER PRIMARY KEY `rid`: FTS5 external content
 * points at rowids, and only an aliased rowid survives VACUUM unchanged.
 * The FTS5 tables are external-content (no second copy of the text), kept in
 * sync by triggers using the `'delete'` command; the update trigger fires only
 * when indexed columns change, so access counters do not rewrite the index.
 *
 * PostgreSQL: generated tsvector columns + GIN indexes; ids compare in "C"
 * collation so ULID order is byte order on every locale.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create_conversations_messages_memories',
    sqlite: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        namespace TEXT NOT NULL,
        title TEXT,
        metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX conversations_namespace_updated ON conversations (namespace, updated_at, id);

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
        content TEXT NOT NULL,
        metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
        created_at TEXT NOT NULL,
        UNIQUE (conversation_id, seq)
      );

      CREATE TABLE memories (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        namespace TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('fact', 'preference', 'summary', 'task', 'note')),
        content TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
        importance REAL NOT NULL DEFAULT 0.5 CHECK (importance >= 0 AND importance <= 1),
        source_message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,
        content_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_accessed_at TEXT,
        access_count INTEGER NOT NULL DEFAULT 0,
        expires_at TEXT,
        deleted_at TEXT,
        UNIQUE (namespace, content_hash)
      );
      CREATE INDEX memories_namespace_id ON memories (namespace, id);
      CREATE INDEX memories_expires_at ON memories (expires_at) WHERE expires_at IS NOT NULL;
      CREATE INDEX memories_source_message ON memories (source_message_id) WHERE source_message_id IS NOT NULL;

      CREATE VIRTUAL TABLE memories_fts USING fts5(content, tags, content='memories', content_rowid='rid', tokenize='porter unicode61');
      CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
        INSERT INTO memories_fts (rowid, content, tags) VALUES (new.rid, new.content, new.tags);
      END;
      CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
        INSERT INTO memories_fts (memories_fts, rowid, content, tags) VALUES ('delete', old.rid, old.content, old.tags);
      END;
      CREATE TRIGGER memories_fts_update AFTER UPDATE OF content, tags ON memories BEGIN
        INSERT INTO memories_fts (memories_fts, rowid, content, tags) VALUES ('delete', old.rid, old.content, old.tags);
        INSERT INTO memories_fts (rowid, content, tags) VALUES (new.rid, new.content, new.tags);
      END;

      CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='id', tokenize='porter unicode61');
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
      END;`,
    postgres: `
      CREATE TABLE conversations (
        id text COLLATE "C" PRIMARY KEY,
        namespace text NOT NULL,
        title text,
        metadata jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX conversations_namespace_updated ON conversations (namespace, updated_at, id);

      CREATE TABLE messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        conversation_id text COLLATE "C" NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq >= 1),
        role text NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
        content text NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
        created_at timestamptz NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
        UNIQUE (conversation_id, seq)
      );
      CREATE INDEX messages_tsv ON messages USING GIN (tsv);

      CREATE TABLE memories (
        id text COLLATE "C" PRIMARY KEY,
        namespace text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('fact', 'preference', 'summary', 'task', 'note')),
        content text NOT NULL,
        tags jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tags) = 'array'),
        importance double precision NOT NULL DEFAULT 0.5 CHECK (importance >= 0 AND importance <= 1),
        source_message_id bigint REFERENCES messages (id) ON DELETE SET NULL,
        content_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_accessed_at timestamptz,
        access_count integer NOT NULL DEFAULT 0,
        expires_at timestamptz,
        deleted_at timestamptz,
        tsv tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', content), 'A') || setweight(jsonb_to_tsvector('english', tags, '["string"]'), 'B')
        ) STORED,
        UNIQUE (namespace, content_hash)
      );
      CREATE INDEX memories_namespace_id ON memories (namespace, id);
      CREATE INDEX memories_expires_at ON memories (expires_at) WHERE expires_at IS NOT NULL;
      CREATE INDEX memories_source_message ON memories (source_message_id) WHERE source_message_id IS NOT NULL;
      CREATE INDEX memories_tsv ON memories USING GIN (tsv);`,
  },
];
