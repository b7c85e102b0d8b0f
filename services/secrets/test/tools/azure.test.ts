import { afterEach, describe, expect, it } from 'vitest';
import { AZURE } from '../fakes.js';
import { type Harness, startHarness, textOf } from '../harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Azure Key Vault backend', () => {
  it('gets a client-credentials token once, then lists with it, following nextLink', async () => {
    h = await startHarness();
    const first = await h.call('list_secrets', { backend: 'azure_kv', limit: 2 });
    expect(first.structuredContent).toMatchObject({
      items: [
        { name: 'api-key', kind: 'secret', enabled: true, contentType: 'text/plain', tags: { env: 'prod' }, createdAt: '2024-05-01T07:53:20.000Z' },
        { name: 'app-cert', kind: 'secret' },
      ],
      nextCursor: expect.stringContaining('$skiptoken=page2'),
    });
    const second = await h.call('list_secrets', { backend: 'azure_kv', cursor: first.structuredContent?.nextCursor });
    expect(second.structuredContent).toMatchObject({ items: [{ name: 'db-password' }] });
    expect(second.structuredContent?.nextCursor).toBeUndefined();
    const tokenCalls = h.azure.login.requests;
    expect(tokenCalls).toHaveLength(1);
    const form = new URLSearchParams(tokenCalls[0]?.body);
    expect(tokenCalls[0]?.path).toBe(`/${AZURE.tenant}/oauth2/v2.0/token`);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: AZURE.clientId,
      client_secret: AZURE.clientSecret,
      scope: 'https://vault.azure.net/.default',
    });
    expect(h.azure.vault.requests[0]).toMatchObject({ path: '/secrets', query: { 'api-version': '7.4', maxresults: '2' } });
    expect(JSON.stringify([first, second])).not.toContain(AZURE.value);
  });

  it('refuses a cursor pointing at another host', async () => {
    h = await startHarness();
    expect(textOf(await h.call('list_secrets', { backend: 'azure_kv', cursor: 'https://evil.example/secrets?$skiptoken=x' }))).toMatch(
      /does not belong to this vault/,
    );
  });

  it('shows metadata with versions, no value', async () => {
    h = await startHarness();
    const result = await h.call('get_secret_metadata', { backend: 'azure_kv', name: 'api-key' });
    expect(result.structuredContent).toMatchObject({
      name: 'api-key',
      currentVersion: '4387e9f3d6e14c459867679a90fd0f79',
      versions: [
        { version: '4387e9f3d6e14c459867679a90fd0f79', enabled: true },
        { version: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', enabled: false },
      ],
    });
    expect(JSON.stringify(result)).not.toContain(AZURE.value);
  });

  it('reveals the latest or a given version', async () => {
    h = await startHarness();
    expect((await h.call('get_secret', { backend: 'azure_kv', name: 'api-key', reason: 'rotate client' })).structuredContent).toMatchObject({
      value: AZURE.value,
      version: '4387e9f3d6e14c459867679a90fd0f79',
      contentType: 'text/plain',
      sensitive: true,
    });
    await h.call('get_secret', { backend: 'azure_kv', name: 'api-key', version: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', reason: 'rollback' });
    expect(h.azure.vault.requests.at(-1)?.path).toBe('/secrets/api-key/a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6');
  });

  it('sets and deletes (soft, or with purge)', async () => {
    h = await startHarness();
    const set = await h.call('set_secret', {
      backend: 'azure_kv',
      name: 'api-key',
      value: 'new-Azure-Value',
      content_type: 'text/plain',
      tags: { env: 'dev' },
    });
    expect(set.structuredContent).toMatchObject({ version: 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0' });
    expect(JSON.parse(h.azure.vault.requests.at(-1)?.body ?? '{}')).toEqual({ value: 'new-Azure-Value', contentType: 'text/plain', tags: { env: 'dev' } });
    expect((await h.call('delete_secret', { backend: 'azure_kv', name: 'api-key' })).structuredContent).toMatchObject({
      recoverable: true,
      detail: expect.stringContaining('soft-deleted'),
    });
    expect((await h.call('delete_secret', { backend: 'azure_kv', name: 'api-key', permanent: true })).structuredContent).toMatchObject({ recoverable: false });
    expect(h.azure.vault.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/deletedsecrets/api-key' });
  });

  it('names the variables when Entra ID refuses the credentials', async () => {
    h = await startHarness({ env: { SECRETS_AZURE_CLIENT_SECRET: 'wrong-secret-value' } });
    const result = await h.call('list_secrets', { backend: 'azure_kv' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/SECRETS_AZURE_TENANT_ID, SECRETS_AZURE_CLIENT_ID and SECRETS_AZURE_CLIENT_SECRET/);
    expect(textOf(result)).not.toContain('wrong-secret-value');
  });

  it.each([
    ['missing', 404, /404.*SecretNotFound/s],
    ['bad name!', 0, /not a Key Vault secret name/],
  ])('%s → actionable error', async (name, _status, message) => {
    h = await startHarness();
    expect(textOf(await h.call('get_secret', { backend: 'azure_kv', name, reason: 'error test' }))).toMatch(message);
  });

  it('403 says which role the app needs; 429 carries the retry time', async () => {
    h = await startHarness({
      azureRoutes: (app) => {
        app.get('/secrets/forbidden', (c) => c.json({ error: { code: 'Forbidden', message: 'Caller is not authorized to perform action on resource.' } }, 403));
        app.get('/secrets/throttled', (c) =>
          c.json({ error: { code: 'Throttled', message: 'Request was not processed because too many requests were received.' } }, 429, {
            'retry-after': '120',
          }),
        );
      },
    });
    expect(textOf(await h.call('get_secret', { backend: 'azure_kv', name: 'forbidden', reason: 'error test' }))).toMatch(/Key Vault Secrets User/);
    const throttled = await h.call('get_secret', { backend: 'azure_kv', name: 'throttled', reason: 'error test' });
    expect(textOf(throttled)).toMatch(/rate limit.*Retry after 120 s/s);
  });

  it('health: token and one listed secret', async () => {
    h = await startHarness();
    const result = await h.call('health_check', { backend: 'azure_kv' });
    expect(result.structuredContent).toMatchObject({ ok: true, backends: [{ backend: 'azure_kv', ok: true, detail: { listed: 2 } }] });
  });
});
