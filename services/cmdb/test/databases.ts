import { type TestDatabase, testDatabases } from '@mcp/sql/testing';

/** Real databases for tests (see @mcp/sql/testing): a SQLite file in a temp directory, a PostgreSQL schema of its own. */
export type { TestDatabase };
export const { freshSqlite, postgresUnreachable, freshPostgres, closeAdmin, describePostgres } = testDatabases({
  service: 'cmdb',
  sqliteFile: 'cmdb.sqlite',
  schemaPrefix: 'cmdb_test',
});
