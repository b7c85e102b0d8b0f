import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kdbxweb from 'kdbxweb';
import { installArgon2 } from '../src/backends/argon2.js';

export const KDBX_PASSWORD = 'Master-Pa55word-for-tests';
/** Secret values the tests look for in every output and log line. */
export const VALUES = {
  github: 'gh-Sup3rSecret-Value!',
  db: 'Pg-Pr0d-Passw0rd#42',
  apiKey: 'api-key-7f3a9c1e5b',
  wifi: 'wifi-Secret-99',
  old: 'gh-Old-Secret-0001',
};

export interface KdbxFixture {
  dir: string;
  path: string;
  keyFilePath: string;
  /** A second file locked by the key file only. */
  keyOnlyPath: string;
  cleanup(): void;
}

/**
 * Real .kdbx files, KDBX 4 with Argon2 (through hash-wasm), made with kdbxweb:
 * groups Internet and Servers, entries with history, a protected custom field.
 */
export async function makeKdbx(): Promise<KdbxFixture> {
  installArgon2();
  const dir = mkdtempSync(join(tmpdir(), 'secrets-kdbx-'));
  const keyFile = await kdbxweb.KdbxCredentials.createRandomKeyFile(2);
  const keyFilePath = join(dir, 'test.keyx');
  writeFileSync(keyFilePath, keyFile);

  const db = kdbxweb.Kdbx.create(new kdbxweb.KdbxCredentials(kdbxweb.ProtectedValue.fromString(KDBX_PASSWORD)), 'Test vault');
  db.header.setKdf(kdbxweb.Consts.KdfId.Argon2id);
  const root = db.getDefaultGroup();
  const internet = db.createGroup(root, 'Internet');
  const servers = db.createGroup(root, 'Servers');
  const add = (group: kdbxweb.KdbxGroup, title: string, fields: Record<string, string>, password: string, tags: string[] = []) => {
    const entry = db.createEntry(group);
    entry.fields.set('Title', title);
    for (const [k, v] of Object.entries(fields)) entry.fields.set(k, v);
    entry.fields.set('Password', kdbxweb.ProtectedValue.fromString(password));
    entry.tags = tags;
    return entry;
  };
  const github = add(internet, 'GitHub', { UserName: 'octocat', URL: 'https://github.com' }, VALUES.old, ['dev']);
  github.pushHistory();
  github.fields.set('Password', kdbxweb.ProtectedValue.fromString(VALUES.github));
  github.fields.set('API Key', kdbxweb.ProtectedValue.fromString(VALUES.apiKey));
  github.times.update();
  add(servers, 'db-prod', { UserName: 'postgres', URL: 'postgres://db.internal:5432' }, VALUES.db, ['prod']);
  add(root, 'Wifi', { UserName: 'guest' }, VALUES.wifi);
  const path = join(dir, 'test.kdbx');
  writeFileSync(path, new Uint8Array(await db.save()));

  const keyOnly = kdbxweb.Kdbx.create(new kdbxweb.KdbxCredentials(null, keyFile), 'Key only');
  add(keyOnly.getDefaultGroup(), 'Token', {}, 'key-only-token-123');
  const keyOnlyPath = join(dir, 'key-only.kdbx');
  writeFileSync(keyOnlyPath, new Uint8Array(await keyOnly.save()));
  return { dir, path, keyFilePath, keyOnlyPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
