import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostgresStore, SqliteStore, createStore, migrations, validateMigrations } from '../../src/store/index.js';

describe('createStore', () => {
  it('picks SQLite without a database URL (empty counts as unset)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-create-'));
    try {
      for (const databaseUrl of [undefined, '', '  ']) {
        const store = createStore({ databaseUrl, sqlitePath: join(dir, 'a.sqlite') });
        expect(store).toBeInstanceOf(SqliteStore);
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('picks PostgreSQL for postgres:// and postgresql:// (without connecting)', async () => {
    for (const databaseUrl of ['postgres://u@127.0.0.1:1/db', 'postgresql://u@127.0.0.1:1/db']) {
      const store = createStore({ databaseUrl });
      expect(store).toBeInstanceOf(PostgresStore);
      expect(store.engine).toBe('postgres');
      await store.close();
    }
  });

  it('refuses any other URL rather than silently using SQLite, without leaking a password', () => {
    expect(() => createStore({ databaseUrl: 'mysql://root:s3cret@db/x' })).toThrow(/postgres:\/\/.*mysql:\/\/root:\*\*\*@db/);
    expect(() => createStore({ databaseUrl: 'mysql://root:s3cret@db/x' })).not.toThrow(/s3cret/);
  });
});

describe('migration list', () => {
  it('is well formed', () => {
    expect(() => validateMigrations(migrations)).not.toThrow();
  });

  it('rejects duplicate or unordered versions and missing SQL', () => {
    expect(() =>
      validateMigrations([
        { version: 2, name: 'a', sql: 'x' },
        { version: 2, name: 'b', sql: 'y' },
      ]),
    ).toThrow(/increasing/);
    expect(() => validateMigrations([{ version: 1, name: 'a', sqlite: 'x' }])).toThrow(/no SQL for postgres/);
  });
});
