import { connectInProcess } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { AZURE, VAULT_TOKEN, VAULT_VALUES } from './fakes.js';
import { auditsOf, type Harness, startHarness, textOf } from './harness.js';
import { KDBX_PASSWORD, VALUES } from './kdbx-fixture.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every secret of the fixtures: stored values and the credentials that open the stores. */
const EVERY_SECRET = [
  ...Object.values(VALUES),
  VAULT_VALUES.password,
  VAULT_VALUES.oldPassword,
  AZURE.value,
  AZURE.clientSecret,
  AZURE.token,
  VAULT_TOKEN,
  KDBX_PASSWORD,
  'gh-Rotated-Secret-2',
];

describe('audit and logs', () => {
  it('audits every access without the value, and no log line at trace level holds a secret', async () => {
    h = await startHarness();
    const calls: Array<[string, Record<string, unknown>]> = [
      ['list_secrets', { backend: 'kdbx', prefix: 'Internet' }],
      ['get_secret_metadata', { backend: 'kdbx', name: 'Internet/GitHub' }],
      ['search_kdbx', { query: 'git' }],
      ['get_secret', { backend: 'kdbx', name: 'Internet/GitHub', reason: 'rotate the deploy key' }],
      ['get_secret', { backend: 'kdbx', name: 'Internet/GitHub', field: 'API Key', reason: 'ci pipeline' }],
      ['set_secret', { backend: 'kdbx', name: 'Internet/GitHub', value: 'gh-Rotated-Secret-2' }],
      ['get_secret', { backend: 'vault', name: 'apps/db', reason: 'db migration' }],
      ['get_secret', { backend: 'azure_kv', name: 'api-key', reason: 'client rotation' }],
      ['list_secrets', { backend: 'vault', prefix: 'apps' }],
      ['delete_secret', { backend: 'vault', name: 'apps/db' }],
      ['get_secret', { backend: 'kdbx', name: 'Internet/Missing', reason: 'failure is audited too' }],
    ];
    for (const [name, args] of calls) await h.call(name, args);
    const audits = auditsOf(h.logs);
    expect(audits.map((a) => `${a.action}:${a.backend}:${a.path}:${a.outcome}`)).toEqual([
      'list:kdbx:Internet:success',
      'metadata:kdbx:Internet/GitHub:success',
      'search:kdbx:search:git:success',
      'reveal:kdbx:Internet/GitHub:success',
      'reveal:kdbx:Internet/GitHub:success',
      'write:kdbx:Internet/GitHub:success',
      'reveal:vault:apps/db:success',
      'reveal:azure_kv:api-key:success',
      'list:vault:apps:success',
      'delete:vault:apps/db:success',
      'reveal:kdbx:Internet/Missing:error',
    ]);
    expect(audits[3]).toMatchObject({ principal: 'anonymous', reason: 'rotate the deploy key' });
    expect(audits[4]).toMatchObject({ field: 'API Key' });
    const all = h.logs.join('\n');
    expect(h.logs.length).toBeGreaterThan(20);
    for (const secret of EVERY_SECRET) expect(all, secret).not.toContain(secret);
  });

  it('names the caller in the audit line and limits each caller separately', async () => {
    const keys = ['inbound-key-alice-0001', 'inbound-key-bob-000002'];
    h = await startHarness({
      env: { MCP_API_KEYS: keys.join(','), SECRETS_RATE_LIMIT_POINTS: '3', SECRETS_RATE_LIMIT_WINDOW_SECONDS: '60' },
      headers: { 'x-api-key': keys[0] as string },
    });
    const alice = await connectInProcess(h.service, { headers: { authorization: `Bearer ${keys[0]}` } });
    const bob = await connectInProcess(h.service, { headers: { 'x-api-key': keys[1] as string } });
    try {
      const list = (c: typeof alice) => c.callTool({ name: 'list_secrets', arguments: { backend: 'kdbx' } });
      for (let i = 0; i < 3; i += 1) expect((await list(alice)).isError).toBeFalsy();
      const limited = await list(alice);
      expect(limited.isError).toBe(true);
      expect(textOf(limited)).toMatch(/Rate limit reached: at most 3 calls per 60 s.*Retry after \d+ s/s);
      // Bob has his own counter; tools that touch no secret are not counted.
      expect((await list(bob)).isError).toBeFalsy();
      expect((await alice.callTool({ name: 'generate_password', arguments: {} })).isError).toBeFalsy();
      const principals = new Set(auditsOf(h.logs).map((a) => a.principal));
      expect(principals.size).toBe(2);
      for (const p of principals) expect(p).toMatch(/^key:[0-9a-f]{12}$/);
      for (const key of keys) expect(h.logs.join('\n')).not.toContain(key);
    } finally {
      await alice.close();
      await bob.close();
    }
  });
});
