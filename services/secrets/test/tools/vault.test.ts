import { afterEach, describe, expect, it } from 'vitest';
import { VAULT_TOKEN, VAULT_VALUES } from '../fakes.js';
import { type Harness, startHarness, textOf } from '../harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Vault KV v2 backend', () => {
  it('lists keys (folders end in /) with the token, never values', async () => {
    h = await startHarness();
    const top = await h.call('list_secrets', { backend: 'vault' });
    expect(top.structuredContent).toMatchObject({
      items: [
        { name: 'apps', kind: 'folder' },
        { name: 'shared-key', kind: 'secret' },
      ],
    });
    const apps = await h.call('list_secrets', { backend: 'vault', prefix: 'apps/' });
    expect(apps.structuredContent?.items).toEqual([
      { name: 'apps/db', kind: 'secret' },
      { name: 'apps/web', kind: 'folder' },
    ]);
    const call = h.vault.requests.find((r) => r.path === '/v1/secret/metadata/apps');
    expect(call).toMatchObject({ method: 'GET', query: { list: 'true' } });
    expect(call?.headers['x-vault-token']).toBe(VAULT_TOKEN);
    expect((await h.call('list_secrets', { backend: 'vault', prefix: 'apps/empty' })).structuredContent?.items).toEqual([]);
  });

  it('shows metadata with versions and custom metadata', async () => {
    h = await startHarness();
    const result = await h.call('get_secret_metadata', { backend: 'vault', name: 'apps/db' });
    expect(result.structuredContent).toMatchObject({
      backend: 'vault',
      currentVersion: '2',
      tags: { owner: 'platform' },
      versions: [
        { version: '1', deleted: false, destroyed: false },
        { version: '2', deleted: false, destroyed: false },
      ],
    });
    expect(JSON.stringify(result)).not.toContain(VAULT_VALUES.password);
  });

  it('reveals all keys, one key, or a version', async () => {
    h = await startHarness();
    expect((await h.call('get_secret', { backend: 'vault', name: 'apps/db', reason: 'db migration' })).structuredContent).toMatchObject({
      version: '2',
      values: { username: VAULT_VALUES.username, password: VAULT_VALUES.password },
      sensitive: true,
    });
    expect((await h.call('get_secret', { backend: 'vault', name: 'apps/db', field: 'password', reason: 'db migration' })).structuredContent).toMatchObject({
      value: VAULT_VALUES.password,
    });
    expect(
      (await h.call('get_secret', { backend: 'vault', name: 'apps/db', field: 'password', version: '1', reason: 'rollback' })).structuredContent,
    ).toMatchObject({ value: VAULT_VALUES.oldPassword, version: '1' });
    expect(h.vault.requests.at(-1)?.query).toEqual({ version: '1' });
  });

  it('writes with check-and-set, and tags as custom metadata', async () => {
    h = await startHarness();
    const ok = await h.call('set_secret', { backend: 'vault', name: 'apps/db', values: { username: 'u', password: 'new-Pass-123' }, cas: 2 });
    expect(ok.structuredContent).toMatchObject({ version: '3', created: false });
    expect(JSON.parse(h.vault.requests.find((r) => r.method === 'POST')?.body ?? '{}')).toEqual({
      options: { cas: 2 },
      data: { username: 'u', password: 'new-Pass-123' },
    });
    const stale = await h.call('set_secret', { backend: 'vault', name: 'apps/db', value: 'x', cas: 1 });
    expect(textOf(stale)).toMatch(/400.*check-and-set/s);
    const created = await h.call('set_secret', { backend: 'vault', name: 'apps/new', value: 'v', tags: { owner: 'me' } });
    expect(created.structuredContent).toMatchObject({ version: '1', created: true });
    expect(JSON.parse(h.vault.requests.find((r) => r.path === '/v1/secret/metadata/apps/new')?.body ?? '{}')).toEqual({ custom_metadata: { owner: 'me' } });
  });

  it('soft-deletes the latest version or given versions, destroys permanently', async () => {
    h = await startHarness();
    expect((await h.call('delete_secret', { backend: 'vault', name: 'apps/db' })).structuredContent).toMatchObject({ recoverable: true });
    expect(h.vault.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/v1/secret/data/apps/db' });
    await h.call('delete_secret', { backend: 'vault', name: 'apps/db', versions: [1] });
    expect(h.vault.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/secret/delete/apps/db', body: '{"versions":[1]}' });
    expect((await h.call('delete_secret', { backend: 'vault', name: 'apps/db', versions: [1, 2], permanent: true })).structuredContent).toMatchObject({
      recoverable: false,
    });
    expect(h.vault.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/secret/destroy/apps/db', body: '{"versions":[1,2]}' });
    expect(textOf(await h.call('delete_secret', { backend: 'vault', name: 'apps/db', permanent: true }))).toMatch(/needs the versions/);
  });

  it('refuses paths that are not KV paths', async () => {
    h = await startHarness();
    for (const name of ['../sys/raw', 'a/../../b', 'a b', 'x?list=true']) {
      expect(textOf(await h.call('get_secret_metadata', { backend: 'vault', name })), name).toMatch(/is not a KV path/);
    }
  });

  it('health: /v1/sys/health and lookup-self', async () => {
    h = await startHarness();
    const result = await h.call('health_check', { backend: 'vault' });
    expect(result.structuredContent).toMatchObject({
      ok: true,
      backends: [{ backend: 'vault', identity: 'token-mcp-secrets', detail: { version: '1.17.2', policies: ['default', 'mcp-read'] } }],
    });
  });

  it('health reports a sealed Vault', async () => {
    h = await startHarness({
      vaultRoutes: (app) => app.get('/v1/sys/health', (c) => c.json({ initialized: true, sealed: true, standby: true, version: '1.17.2' }, 503)),
    });
    const result = await h.call('health_check', { backend: 'vault' });
    expect(result.structuredContent).toMatchObject({ ok: false, backends: [{ ok: false, error: 'Vault is sealed' }] });
  });

  it.each([
    [403, { errors: ['permission denied'] }, /lacks a policy.*secret\/data/s],
    [401, { errors: ['missing client token'] }, /SECRETS_VAULT_TOKEN/],
    [404, { errors: [] }, /404/],
    [500, { errors: ['internal error'] }, /500/],
  ])('maps %i to an actionable error', async (status, body, message) => {
    h = await startHarness({ vaultRoutes: (app) => app.get('/v1/secret/data/apps/broken', (c) => c.json(body, status as 403)) });
    const result = await h.call('get_secret', { backend: 'vault', name: 'apps/broken', reason: 'error test' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(message);
  });

  it('waits out a 429 with Retry-After, then answers', async () => {
    let calls = 0;
    h = await startHarness({
      vaultRoutes: (app) =>
        app.get('/v1/secret/metadata/apps/busy', (c) => {
          calls += 1;
          if (calls === 1) return c.json({ errors: ['rate limit quota exceeded'] }, 429, { 'retry-after': '1' });
          return c.json({ data: { current_version: 1, versions: { '1': { created_time: '2024-05-01T10:00:00Z', deletion_time: '', destroyed: false } } } });
        }),
    });
    const result = await h.call('get_secret_metadata', { backend: 'vault', name: 'apps/busy' });
    expect(result.structuredContent).toMatchObject({ currentVersion: '1' });
    expect(calls).toBe(2);
  });

  it('reports a malformed body', async () => {
    h = await startHarness({
      vaultRoutes: (app) => app.get('/v1/secret/metadata/apps/bad', (c) => c.text('<html>proxy error</html>', 200, { 'content-type': 'application/json' })),
    });
    expect(textOf(await h.call('get_secret_metadata', { backend: 'vault', name: 'apps/bad' }))).toMatch(/malformed|not valid JSON/);
  });

  it('sends X-Vault-Namespace', async () => {
    h = await startHarness({ env: { SECRETS_VAULT_NAMESPACE: 'team-a' } });
    await h.call('list_secrets', { backend: 'vault' });
    expect(h.vault.requests.at(-1)?.headers['x-vault-namespace']).toBe('team-a');
  });
});
