import { type FakeUpstream, startFakeUpstream } from '@mcp/testing';

export const VAULT_TOKEN = 'hvs.CAESIFakeVaultToken0123456789';
export const VAULT_VALUES = { password: 'vault-Db-Passw0rd!77', username: 'app_user', oldPassword: 'vault-Old-Passw0rd!01' };
export const AZURE = {
  tenant: 'tenant-0000-1111',
  clientId: 'client-2222',
  clientSecret: 'azure-Client-Secret~value',
  token: 'eyJ0eXAiOiJKV1QiFakeAccessToken',
  value: 'azure-Stored-Secret#123',
};

type Routes = (app: FakeUpstream['app']) => void;

/**
 * A fake Vault serving KV v2 on mount "secret" with the documented shapes
 * (developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2, /sys/health,
 * /auth/token/lookup-self). Routes from a test come first.
 */
export function startVault(routes?: Routes): Promise<FakeUpstream> {
  return startFakeUpstream((app) => {
    routes?.(app);
    const envelope = (data: unknown) => ({
      request_id: 'c6d4a4b8-0c1e-4c9e-9d3e-2f1a3e0c8b11',
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data,
      wrap_info: null,
      warnings: null,
      auth: null,
    });
    app.get('/v1/sys/health', (c) =>
      c.json({
        initialized: true,
        sealed: false,
        standby: false,
        performance_standby: false,
        replication_performance_mode: 'disabled',
        replication_dr_mode: 'disabled',
        server_time_utc: 1716200000,
        version: '1.17.2',
        cluster_name: 'vault-cluster-3bd69ca2',
        cluster_id: 'a1b2c3d4',
      }),
    );
    app.use('/v1/*', async (c, next) => {
      if (c.req.path === '/v1/sys/health') return next();
      if (c.req.header('x-vault-token') !== VAULT_TOKEN) return c.json({ errors: ['permission denied'] }, 403);
      await next();
    });
    app.get('/v1/auth/token/lookup-self', (c) =>
      c.json(
        envelope({
          accessor: '8609694a-cdbc-db9b-d345-e782dbb562ed',
          creation_time: 1716100000,
          creation_ttl: 2764800,
          display_name: 'token-mcp-secrets',
          entity_id: '',
          expire_time: '2026-09-01T00:00:00Z',
          explicit_max_ttl: 0,
          id: 'redacted',
          num_uses: 0,
          orphan: false,
          path: 'auth/token/create',
          policies: ['default', 'mcp-read'],
          renewable: true,
          ttl: 2764790,
          type: 'service',
        }),
      ),
    );
    app.get('/v1/secret/metadata/', (c) =>
      c.req.query('list') === 'true' ? c.json(envelope({ keys: ['apps/', 'shared-key'] })) : c.json({ errors: [] }, 404),
    );
    app.get('/v1/secret/metadata/apps', (c) => (c.req.query('list') === 'true' ? c.json(envelope({ keys: ['web/', 'db'] })) : c.json({ errors: [] }, 404)));
    app.get('/v1/secret/metadata/apps/empty', (c) => c.json({ errors: [] }, 404));
    app.get('/v1/secret/metadata/apps/db', (c) =>
      c.json(
        envelope({
          cas_required: false,
          created_time: '2024-05-01T10:00:00.000000Z',
          current_version: 2,
          custom_metadata: { owner: 'platform' },
          delete_version_after: '0s',
          max_versions: 0,
          oldest_version: 0,
          updated_time: '2024-05-02T10:00:00.000000Z',
          versions: {
            '1': { created_time: '2024-05-01T10:00:00.000000Z', deletion_time: '', destroyed: false },
            '2': { created_time: '2024-05-02T10:00:00.000000Z', deletion_time: '', destroyed: false },
          },
        }),
      ),
    );
    app.get('/v1/secret/data/apps/db', (c) => {
      const version = c.req.query('version') === '1' ? 1 : 2;
      return c.json(
        envelope({
          data: { username: VAULT_VALUES.username, password: version === 1 ? VAULT_VALUES.oldPassword : VAULT_VALUES.password },
          metadata: { created_time: '2024-05-02T10:00:00.000000Z', custom_metadata: { owner: 'platform' }, deletion_time: '', destroyed: false, version },
        }),
      );
    });
    app.get('/v1/secret/data/apps/gone', (c) => c.json({ errors: [] }, 404));
    app.post('/v1/secret/data/apps/db', async (c) => {
      const body = (await c.req.json()) as { options?: { cas?: number } };
      if (body.options?.cas !== undefined && body.options.cas !== 2)
        return c.json({ errors: ['check-and-set parameter did not match the current version'] }, 400);
      return c.json(envelope({ created_time: '2024-05-03T10:00:00.000000Z', custom_metadata: null, deletion_time: '', destroyed: false, version: 3 }));
    });
    app.post('/v1/secret/data/apps/new', (c) =>
      c.json(envelope({ created_time: '2024-05-03T10:00:00.000000Z', custom_metadata: null, deletion_time: '', destroyed: false, version: 1 })),
    );
    app.post('/v1/secret/metadata/apps/new', (c) => c.body(null, 204));
    app.delete('/v1/secret/data/apps/db', (c) => c.body(null, 204));
    app.post('/v1/secret/delete/apps/db', (c) => c.body(null, 204));
    app.post('/v1/secret/destroy/apps/db', (c) => c.body(null, 204));
  });
}

/** Fake Entra ID token endpoint and Key Vault data plane (api-version 7.4 shapes). */
export async function startAzure(routes?: Routes): Promise<{ login: FakeUpstream; vault: FakeUpstream }> {
  const login = await startFakeUpstream((app) => {
    app.post('/:tenant/oauth2/v2.0/token', async (c) => {
      const form = new URLSearchParams(await c.req.text());
      if (c.req.param('tenant') !== AZURE.tenant || form.get('client_secret') !== AZURE.clientSecret || form.get('client_id') !== AZURE.clientId) {
        return c.json(
          {
            error: 'invalid_client',
            error_description: 'AADSTS7000215: Invalid client secret provided.',
            error_codes: [7000215],
            timestamp: '2024-05-01 10:00:00Z',
            trace_id: 't',
            correlation_id: 'c',
          },
          401,
        );
      }
      return c.json({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: AZURE.token });
    });
  });
  const vault = await startFakeUpstream((app) => {
    routes?.(app);
    const base = () => `http://127.0.0.1:${new URL(vault.url).port}`;
    app.use('*', async (c, next) => {
      if (c.req.header('authorization') !== `Bearer ${AZURE.token}`) {
        return c.json({ error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } }, 401, {
          'www-authenticate': 'Bearer authorization="https://login.microsoftonline.com/x", resource="https://vault.azure.net"',
        });
      }
      if (c.req.query('api-version') === undefined && !c.req.query('$skiptoken'))
        return c.json({ error: { code: 'BadParameter', message: 'api-version is required' } }, 400);
      await next();
    });
    const item = (name: string, created: number, extra: Record<string, unknown> = {}) => ({
      id: `${base()}/secrets/${name}`,
      attributes: { enabled: true, created, updated: created, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 },
      tags: { env: 'prod' },
      ...extra,
    });
    app.get('/secrets', (c) => {
      if (c.req.query('$skiptoken') === 'page2') return c.json({ value: [item('db-password', 1714550000)], nextLink: null });
      return c.json({
        value: [item('api-key', 1714550000, { contentType: 'text/plain' }), item('app-cert', 1714550001)],
        nextLink: `${base()}:443/secrets?api-version=7.4&$skiptoken=page2&maxresults=2`.replace(':443', ''),
      });
    });
    const bundle = (name: string, version: string) => ({
      value: AZURE.value,
      id: `${base()}/secrets/${name}/${version}`,
      attributes: { enabled: true, created: 1714550000, updated: 1714550000, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 },
      contentType: 'text/plain',
      tags: { env: 'prod' },
    });
    app.get('/secrets/api-key/versions', (c) =>
      c.json({
        value: [
          { id: `${base()}/secrets/api-key/4387e9f3d6e14c459867679a90fd0f79`, attributes: { enabled: true, created: 1714550000, updated: 1714550000 } },
          { id: `${base()}/secrets/api-key/a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6`, attributes: { enabled: false, created: 1714000000, updated: 1714000000 } },
        ],
        nextLink: null,
      }),
    );
    app.get('/secrets/api-key', (c) => c.json(bundle('api-key', '4387e9f3d6e14c459867679a90fd0f79')));
    app.get('/secrets/api-key/:version', (c) => c.json(bundle('api-key', c.req.param('version'))));
    app.get('/secrets/missing', (c) =>
      c.json({ error: { code: 'SecretNotFound', message: 'A secret with (name/id) missing was not found in this key vault.' } }, 404),
    );
    app.put('/secrets/api-key', (c) => c.json({ ...bundle('api-key', 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0'), value: undefined }));
    app.delete('/secrets/api-key', (c) =>
      c.json({
        recoveryId: `${base()}/deletedsecrets/api-key`,
        deletedDate: 1714560000,
        scheduledPurgeDate: 1722336000,
        id: `${base()}/secrets/api-key/4387e9f3d6e14c459867679a90fd0f79`,
        attributes: { enabled: true },
      }),
    );
    app.delete('/deletedsecrets/api-key', (c) => c.body(null, 204));
  });
  return { login, vault };
}
