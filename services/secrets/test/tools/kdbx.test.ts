import { existsSync, readFileSync } from 'node:fs';
import kdbxweb from 'kdbxweb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretsService } from '../../src/server.js';
import { connectInProcess } from '@mcp/testing';
import { type Harness, startHarness, textOf } from '../harness.js';
import { KDBX_PASSWORD, VALUES } from '../kdbx-fixture.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const noValues = (text: string) => {
  for (const value of Object.values(VALUES)) expect(text).not.toContain(value);
};

describe('KeePass backend on a real .kdbx file (KDBX 4, Argon2id)', () => {
  it('lists groups and entries without values', async () => {
    const top = await h.call('list_secrets', { backend: 'kdbx' });
    expect(top.structuredContent).toMatchObject({
      backend: 'kdbx',
      items: [
        { name: 'Internet', kind: 'folder' },
        { name: 'Servers', kind: 'folder' },
        { name: 'Wifi', kind: 'secret', username: 'guest' },
      ],
    });
    const internet = await h.call('list_secrets', { backend: 'kdbx', prefix: 'Internet' });
    expect(internet.structuredContent?.items).toEqual([
      expect.objectContaining({ name: 'Internet/GitHub', username: 'octocat', url: 'https://github.com', tags: { dev: '' } }),
    ]);
    noValues(JSON.stringify([top, internet]));
  });

  it('pages with a cursor', async () => {
    const first = await h.call('list_secrets', { backend: 'kdbx', limit: 2 });
    expect(first.structuredContent).toMatchObject({ nextCursor: '2' });
    const second = await h.call('list_secrets', { backend: 'kdbx', limit: 2, cursor: '2' });
    expect(second.structuredContent?.items).toEqual([expect.objectContaining({ name: 'Wifi' })]);
    expect(second.structuredContent?.nextCursor).toBeUndefined();
  });

  it('searches titles, users, URLs and tags', async () => {
    const result = await h.call('search_kdbx', { query: 'PROD' });
    expect(result.structuredContent).toMatchObject({ items: [{ name: 'Servers/db-prod', username: 'postgres' }], truncated: false });
    expect((await h.call('search_kdbx', { query: 'github.com' })).structuredContent?.items).toHaveLength(1);
    noValues(JSON.stringify(result));
  });

  it('shows metadata: versions (history) and field names, no values', async () => {
    const result = await h.call('get_secret_metadata', { backend: 'kdbx', name: 'Internet/GitHub' });
    expect(result.structuredContent).toMatchObject({
      backend: 'kdbx',
      name: 'Internet/GitHub',
      currentVersion: '1',
      versions: [{ version: '0' }, { version: '1' }],
    });
    expect(result.structuredContent?.fields).toEqual(expect.arrayContaining(['Title', 'UserName', 'Password', 'URL', 'API Key']));
    noValues(JSON.stringify(result));
  });

  it('reveals the password, another field, or an older version', async () => {
    const password = await h.call('get_secret', { backend: 'kdbx', name: 'Internet/GitHub', reason: 'deploy key rotation' });
    expect(password.structuredContent).toMatchObject({ value: VALUES.github, version: '1', sensitive: true });
    expect(textOf(password)).toContain(VALUES.github);
    expect((await h.call('get_secret', { backend: 'kdbx', name: 'Internet/GitHub', field: 'API Key', reason: 'ci run' })).structuredContent).toMatchObject({
      value: VALUES.apiKey,
    });
    expect((await h.call('get_secret', { backend: 'kdbx', name: 'Internet/GitHub', version: '0', reason: 'audit' })).structuredContent).toMatchObject({
      value: VALUES.old,
    });
    expect((await h.call('get_secret', { backend: 'kdbx', name: 'Wifi', reason: 'guest access' })).structuredContent).toMatchObject({ value: VALUES.wifi });
  });

  it('names what is missing', async () => {
    expect(textOf(await h.call('get_secret', { backend: 'kdbx', name: 'Internet/Nope', reason: 'x y z' }))).toMatch(/No KeePass entry "Internet\/Nope"/);
    expect(textOf(await h.call('get_secret', { backend: 'kdbx', name: 'Wifi', field: 'PIN', reason: 'x y z' }))).toMatch(/no field "PIN".*Fields: Title/s);
    expect(textOf(await h.call('list_secrets', { backend: 'kdbx', prefix: 'Nope' }))).toMatch(/No KeePass group/);
  });

  it('creates and updates entries, keeping history and a .bak of the file', async () => {
    const created = await h.call('set_secret', {
      backend: 'kdbx',
      name: 'Cloud/AWS/root',
      value: 'aws-New-Secret-1',
      username: 'admin',
      url: 'https://aws.amazon.com',
    });
    expect(created.structuredContent).toMatchObject({ created: true, version: '0' });
    const updated = await h.call('set_secret', { backend: 'kdbx', name: 'Internet/GitHub', value: 'gh-Rotated-Secret-2' });
    expect(updated.structuredContent).toMatchObject({ created: false, version: '2' });
    expect(existsSync(`${h.kdbx.path}.bak`)).toBe(true);
    expect(existsSync(`${h.kdbx.path}.lock`)).toBe(false);
    // The file on disk opens with the same credentials and holds the new values.
    const data = readFileSync(h.kdbx.path);
    const db = await kdbxweb.Kdbx.load(
      data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
      new kdbxweb.KdbxCredentials(kdbxweb.ProtectedValue.fromString(KDBX_PASSWORD)),
    );
    const aws = db
      .getDefaultGroup()
      .groups.find((g) => g.name === 'Cloud')
      ?.groups.find((g) => g.name === 'AWS')?.entries[0];
    expect((aws!.fields.get('Password') as kdbxweb.ProtectedValue).getText()).toBe('aws-New-Secret-1');
    expect((await h.call('get_secret', { backend: 'kdbx', name: 'Internet/GitHub', reason: 'verify' })).structuredContent).toMatchObject({
      value: 'gh-Rotated-Secret-2',
    });
    expect((await h.call('get_secret', { backend: 'kdbx', name: 'Internet/GitHub', version: '1', reason: 'verify' })).structuredContent).toMatchObject({
      value: VALUES.github,
    });
  });

  it('deletes into the recycle bin, or permanently', async () => {
    const binned = await h.call('delete_secret', { backend: 'kdbx', name: 'Wifi' });
    expect(binned.structuredContent).toMatchObject({ recoverable: true, detail: 'moved to the recycle bin' });
    const names = ((await h.call('list_secrets', { backend: 'kdbx' })).structuredContent!.items as Array<{ name: string }>).map((i) => i.name);
    expect(names).toEqual(['Internet', 'Servers']);
    expect((await h.call('search_kdbx', { query: 'guest' })).structuredContent?.items).toEqual([]);
    const gone = await h.call('delete_secret', { backend: 'kdbx', name: 'Servers/db-prod', permanent: true });
    expect(gone.structuredContent).toMatchObject({ recoverable: false });
    expect(textOf(await h.call('get_secret_metadata', { backend: 'kdbx', name: 'Servers/db-prod' }))).toMatch(/No KeePass entry/);
  });

  it('health_check opens the file and counts entries', async () => {
    const result = await h.call('health_check', { backend: 'kdbx' });
    expect(result.structuredContent).toMatchObject({
      ok: true,
      backends: [{ backend: 'kdbx', ok: true, identity: 'Test vault', detail: { entries: 3, format: 'KDBX 4.0' } }],
    });
  });
});

describe('KeePass credentials', () => {
  it('a wrong password names the variables to fix', async () => {
    const service = createSecretsService({ LOG_LEVEL: 'silent', SECRETS_KDBX_PATH: h.kdbx.path, SECRETS_KDBX_PASSWORD: 'wrong-password' });
    const client = await connectInProcess(service);
    try {
      const result = await client.callTool({ name: 'list_secrets', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/SECRETS_KDBX_PASSWORD and\/or SECRETS_KDBX_KEYFILE_PATH do not match/);
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it('opens a file locked by a key file only', async () => {
    const service = createSecretsService({ LOG_LEVEL: 'silent', SECRETS_KDBX_PATH: h.kdbx.keyOnlyPath, SECRETS_KDBX_KEYFILE_PATH: h.kdbx.keyFilePath });
    const client = await connectInProcess(service);
    try {
      const result = await client.callTool({ name: 'get_secret', arguments: { name: 'Token', reason: 'key file test' } });
      expect(result.structuredContent).toMatchObject({ backend: 'kdbx', value: 'key-only-token-123' });
    } finally {
      await client.close();
      await service.stop();
    }
  });
});
