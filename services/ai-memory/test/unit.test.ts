import { describe, expect, it } from 'vitest';
import { contentHash, normalizeTags, parseInstant } from '../src/content.js';
import { detectSecrets, redactSecrets } from '../src/secrets.js';
import { safeLocation } from '@mcp/sql';
import { describeDatabase } from '../src/store/create-store.js';
import { fts5MatchExpression, websearchText } from '../src/store/fts-query.js';
import { envSchema } from '../src/env.js';

describe('query quoting', () => {
  it('quotes every FTS5 token and doubles inner quotes', () => {
    expect(fts5MatchExpression('dark "mode" OR x*', 'any')).toBe('"dark" OR """mode""" OR "OR" OR "x*"');
    expect(fts5MatchExpression('a b', 'all')).toBe('"a" AND "b"');
    expect(fts5MatchExpression('   ', 'any')).toBeUndefined();
  });

  it('strips websearch operators so user words stay words', () => {
    expect(websearchText('-secret "exact phrase" or editor', 'any')).toBe('secret or exact or phrase or editor');
    expect(websearchText('a b', 'all')).toBe('a b');
    expect(websearchText('" - or', 'any')).toBeUndefined();
  });
});

describe('secret rules', () => {
  it('finds high-signal secrets and leaves ordinary text alone', () => {
    const text = 'AKIAIOSFODNN7EXAMPLE and xoxp-1234567890-abcdef and -----BEGIN RSA PRIVATE KEY----- and "password": "correct-horse"';
    expect(detectSecrets(text).map((f) => f.rule)).toEqual(['aws_access_key_id', 'slack_token', 'private_key', 'password_assignment']);
    expect(detectSecrets('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY').map((f) => f.rule)).toEqual(['aws_secret_access_key']);
    expect(detectSecrets('github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz').map((f) => f.rule)).toEqual(['github_token']);
    for (const benign of [
      'password reset flow',
      'password=<your password>',
      `PASSWORD=\${DB_PASSWORD}`,
      'password: ****',
      'the AKIA prefix',
      'xoxb- is a prefix',
    ]) {
      expect(detectSecrets(benign), benign).toEqual([]);
    }
    expect(redactSecrets('key AKIAIOSFODNN7EXAMPLE!')).toEqual({ text: 'key [REDACTED:aws_access_key_id]!', count: 1 });
  });
});

describe('content helpers', () => {
  it('hashes normalised content and normalises tags', () => {
    expect(contentHash(' a \n b ')).toBe(contentHash('a b'));
    expect(contentHash('a b')).not.toBe(contentHash('A b'));
    expect(normalizeTags(['B', 'a', ' b ', ''])).toEqual(['a', 'b']);
  });

  it('parses absolute and relative instants', () => {
    const now = new Date('2025-06-01T00:00:00.000Z');
    expect(parseInstant('30d', now, 'x')).toBe('2025-05-02T00:00:00.000Z');
    expect(parseInstant('12h', now, 'x')).toBe('2025-05-31T12:00:00.000Z');
    expect(parseInstant('2025-01-31', now, 'x')).toBe('2025-01-31T00:00:00.000Z');
    expect(() => parseInstant('soon', now, 'older_than')).toThrow(/older_than "soon" is not a date/);
  });
});

describe('database selection', () => {
  it('prefers AI_MEMORY_DATABASE_URL, then DATABASE_URL, else SQLite; never shows the password', () => {
    const env = (e: Record<string, string>) => envSchema.parse(e);
    expect(describeDatabase(env({}))).toMatchObject({ engine: 'sqlite', variable: 'AI_MEMORY_DB_PATH', where: './data/ai_memory.sqlite' });
    expect(describeDatabase(env({ DATABASE_URL: 'postgres://u:pw@db:5432/app' }))).toMatchObject({
      engine: 'postgres',
      variable: 'DATABASE_URL',
      where: 'db:5432/app',
    });
    expect(describeDatabase(env({ DATABASE_URL: 'postgres://a@x/y', AI_MEMORY_DATABASE_URL: 'postgresql://u:pw@mem/m' }))).toMatchObject({
      variable: 'AI_MEMORY_DATABASE_URL',
      where: 'mem/m',
    });
    expect(safeLocation('postgres://user:s3cret@host:5432/db?sslmode=require')).toBe('host:5432/db');
  });
});
