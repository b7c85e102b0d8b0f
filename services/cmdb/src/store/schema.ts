import { BUILTIN_TYPES } from '../rules.js';
import type { Migration } from '@mcp/sql';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const ENVIRONMENTS = list(['prod', 'staging', 'dev', 'test']);
const STATUSES = list(['planned', 'active', 'maintenance', 'retired']);
const REL_TYPES = list(['depends_on', 'runs_on', 'hosted_on', 'connects_to', 'part_of', 'uses', 'backed_up_by', 'managed_by']);
const OPS = list(['create', 'update', 'retire', 'relate', 'unrelate', 'purge']);

/** The seed rows of ci_types, as one INSERT (timestamps fixed, so the migration text — and its checksum — never changes). */
function seedTypes(cast: string): string {
  const rows = BUILTIN_TYPES.map(
    (t) =>
      `(${quote(t.name)}, ${quote(JSON.stringify(t.attribute_schema))}${cast}, ${quote(t.icon)}, ${quote(t.description)}, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
  );
  return `INSERT INTO ci_types (name, attribute_schema, icon, description, created_at, updated_at) VALUES\n${rows.join(',\n')};`;
}

/**
 * The data model of the catalog (services.md, cmdb), on both engines.
 * SQLite: ISO 8601 text timestamps, JSON as checked TEXT, an INTEGER PRIMARY
 * KEY `rid` beside the ULID `id` for the FTS5 external-content index (only an
 * aliased rowid survives VACUUM). PostgreSQL: jsonb, timestamptz, a generated
 * tsvector with a GIN index, ids and names in "C" collation so ordering is the
 * same byte order as SQLite's. ci_history has no foreign key: the trail of a
 * purged CI stays.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create_cmdb',
    sqlite: `
      CREATE TABLE ci_types (
        name TEXT PRIMARY KEY,
        attribute_schema TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attribute_schema) AND json_type(attribute_schema) = 'object'),
        icon TEXT,
        description TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE configuration_items (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL REFERENCES ci_types (name),
        name TEXT NOT NULL,
        environment TEXT CHECK (environment IN (${ENVIRONMENTS})),
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN (${STATUSES})),
        owner TEXT,
        team TEXT,
        criticality INTEGER NOT NULL DEFAULT 3 CHECK (criticality BETWEEN 1 AND 5),
        attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes) AND json_type(attributes) = 'object'),
        source TEXT NOT NULL DEFAULT 'manual',
        external_id TEXT,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        retired_at TEXT,
        UNIQUE (source, external_id)
      );
      CREATE INDEX configuration_items_type_status ON configuration_items (type, status);
      CREATE INDEX configuration_items_name ON configuration_items (name, id);
      CREATE TABLE relationships (
        id TEXT PRIMARY KEY,
        source_ci_id TEXT NOT NULL REFERENCES configuration_items (id) ON DELETE CASCADE,
        target_ci_id TEXT NOT NULL REFERENCES configuration_items (id) ON DELETE CASCADE,
        type TEXT NOT NULL CHECK (type IN (${REL_TYPES})),
        weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0 AND weight <= 1),
        attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes) AND json_type(attributes) = 'object'),
        created_at TEXT NOT NULL,
        UNIQUE (source_ci_id, target_ci_id, type),
        CHECK (source_ci_id <> target_ci_id)
      );
      CREATE INDEX relationships_target ON relationships (target_ci_id, type);
      CREATE TABLE ci_tags (
        ci_id TEXT NOT NULL REFERENCES configuration_items (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (ci_id, key, value)
      );
      CREATE INDEX ci_tags_key_value ON ci_tags (key, value);
      CREATE TABLE ci_history (
        id INTEGER PRIMARY KEY,
        ci_id TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN (${OPS})),
        diff TEXT NOT NULL CHECK (json_valid(diff) AND json_type(diff) = 'array'),
        reason TEXT
      );
      CREATE INDEX ci_history_ci ON ci_history (ci_id, id);

      CREATE VIRTUAL TABLE configuration_items_fts USING fts5(
        name, type, owner, team, attributes, content='configuration_items', content_rowid='rid', tokenize='porter unicode61');
      CREATE TRIGGER configuration_items_fts_insert AFTER INSERT ON configuration_items BEGIN
        INSERT INTO configuration_items_fts (rowid, name, type, owner, team, attributes) VALUES (new.rid, new.name, new.type, new.owner, new.team, new.attributes);
      END;
      CREATE TRIGGER configuration_items_fts_delete AFTER DELETE ON configuration_items BEGIN
        INSERT INTO configuration_items_fts (configuration_items_fts, rowid, name, type, owner, team, attributes)
        VALUES ('delete', old.rid, old.name, old.type, old.owner, old.team, old.attributes);
      END;
      CREATE TRIGGER configuration_items_fts_update AFTER UPDATE OF name, type, owner, team, attributes ON configuration_items BEGIN
        INSERT INTO configuration_items_fts (configuration_items_fts, rowid, name, type, owner, team, attributes)
        VALUES ('delete', old.rid, old.name, old.type, old.owner, old.team, old.attributes);
        INSERT INTO configuration_items_fts (rowid, name, type, owner, team, attributes) VALUES (new.rid, new.name, new.type, new.owner, new.team, new.attributes);
      END;
      ${seedTypes('')}`,
    postgres: `
      CREATE TABLE ci_types (
        name text COLLATE "C" PRIMARY KEY,
        attribute_schema jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attribute_schema) = 'object'),
        icon text,
        description text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE configuration_items (
        id text COLLATE "C" PRIMARY KEY,
        type text COLLATE "C" NOT NULL REFERENCES ci_types (name),
        name text COLLATE "C" NOT NULL,
        environment text CHECK (environment IN (${ENVIRONMENTS})),
        status text NOT NULL DEFAULT 'active' CHECK (status IN (${STATUSES})),
        owner text,
        team text,
        criticality integer NOT NULL DEFAULT 3 CHECK (criticality BETWEEN 1 AND 5),
        attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
        source text NOT NULL DEFAULT 'manual',
        external_id text,
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        retired_at timestamptz,
        tsv tsvector GENERATED ALWAYS AS (
          to_tsvector('english', name || ' ' || type || ' ' || coalesce(owner, '') || ' ' || coalesce(team, ''))
          || jsonb_to_tsvector('english', attributes, '["string"]')
        ) STORED,
        UNIQUE (source, external_id)
      );
      CREATE INDEX configuration_items_type_status ON configuration_items (type, status);
      CREATE INDEX configuration_items_name ON configuration_items (name, id);
      CREATE INDEX configuration_items_tsv ON configuration_items USING GIN (tsv);
      CREATE TABLE relationships (
        id text COLLATE "C" PRIMARY KEY,
        source_ci_id text COLLATE "C" NOT NULL REFERENCES configuration_items (id) ON DELETE CASCADE,
        target_ci_id text COLLATE "C" NOT NULL REFERENCES configuration_items (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN (${REL_TYPES})),
        weight double precision NOT NULL DEFAULT 1 CHECK (weight >= 0 AND weight <= 1),
        attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
        created_at timestamptz NOT NULL,
        UNIQUE (source_ci_id, target_ci_id, type),
        CHECK (source_ci_id <> target_ci_id)
      );
      CREATE INDEX relationships_target ON relationships (target_ci_id, type);
      CREATE TABLE ci_tags (
        ci_id text COLLATE "C" NOT NULL REFERENCES configuration_items (id) ON DELETE CASCADE,
        key text COLLATE "C" NOT NULL,
        value text COLLATE "C" NOT NULL,
        PRIMARY KEY (ci_id, key, value)
      );
      CREATE INDEX ci_tags_key_value ON ci_tags (key, value);
      CREATE TABLE ci_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ci_id text COLLATE "C" NOT NULL,
        changed_at timestamptz NOT NULL,
        actor text NOT NULL,
        op text NOT NULL CHECK (op IN (${OPS})),
        diff jsonb NOT NULL CHECK (jsonb_typeof(diff) = 'array'),
        reason text
      );
      CREATE INDEX ci_history_ci ON ci_history (ci_id, id);
      ${seedTypes('::jsonb')}`,
  },
];
