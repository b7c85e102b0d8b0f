import { healthOf, serviceContractSuite, withService } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretsService } from '../src/server.js';
import { VAULT_TOKEN } from './fakes.js';
import { type Harness, startHarness, textOf } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('secrets service', () => {
  serviceContractSuite({
    createService: createSecretsService,
    startHarness: (env) => startHarness({ env }),
    healthy: {
      title: 'is healthy with every backend proven',
      check: (body) => {
        expect(body.components['backend:kdbx']?.metadata).toMatchObject({ entries: 3 });
        expect(body.components['backend:vault']?.metadata).toMatchObject({ identity: 'token-mcp-secrets' });
        expect(body.components['backend:azure_kv']?.status).toBe('healthy');
        expect(body.components['upstream:vault']?.metadata).toMatchObject({ circuit: 'closed' });
      },
    },
    missingConfig: {
      title: 'without any backend it starts degraded (no base URL asked), and tools say what to set',
      mentions: ['SECRETS_KDBX_PATH, SECRETS_VAULT_ADDR or SECRETS_AZURE_VAULT_URL'],
      notMentioned: ['BASE_URL'],
      tools: [{ name: 'list_secrets' }],
      toolMentions: 'SECRETS_VAULT_ADDR',
    },
    invalidSettings: [
      { name: 'SECRETS_TIMEOUT_MS', value: 'soon' },
      { name: 'SECRETS_BACKENDS', value: 'kdbx,onepassword' },
      { name: 'SECRETS_VAULT_ADDR', value: 'not a url' },
      { name: 'SECRETS_REVEAL', value: 'always' },
      { name: 'SECRETS_VAULT_KV_MOUNT', value: '../sys' },
    ],
    readOnly: {
      title: 'SECRETS_READ_ONLY keeps the read-only tools: get_secret, set_secret and delete_secret go',
      env: { SECRETS_READ_ONLY: 'true' },
      tools: ['generate_password', 'get_secret_metadata', 'health_check', 'list_secrets', 'search_kdbx'],
    },
    annotations: {
      title: 'marks revealing and writing destructive, so the gateway asks for approval',
      destructive: ['delete_secret', 'get_secret', 'set_secret'],
    },
  });

  it('names the credential a listed backend lacks', async () => {
    await withService(
      createSecretsService({ LOG_LEVEL: 'silent', SECRETS_BACKENDS: 'vault', SECRETS_VAULT_ADDR: 'http://127.0.0.1:1' }),
      async (service, client) => {
        const { body } = await healthOf(service);
        expect(body.components.configuration?.message).toBe('Missing configuration: SECRETS_VAULT_TOKEN');
        expect(body.components['backend:vault']).toMatchObject({ status: 'degraded', message: expect.stringContaining('SECRETS_VAULT_TOKEN') });
        expect(textOf(await client.callTool({ name: 'health_check', arguments: {} }))).toContain('SECRETS_VAULT_TOKEN');
      },
    );
  });

  it('reads VAULT_ADDR and VAULT_TOKEN when the SECRETS_ names are unset', async () => {
    h = await startHarness();
    await withService(createSecretsService({ LOG_LEVEL: 'silent', VAULT_ADDR: h.vault.url, VAULT_TOKEN }), async (_service, client) => {
      const result = await client.callTool({ name: 'list_secrets', arguments: {} });
      expect(result.structuredContent).toMatchObject({ backend: 'vault', items: [{ name: 'apps' }, { name: 'shared-key' }] });
    });
  });

  it('asks which backend when several are enabled', async () => {
    h = await startHarness();
    expect(textOf(await h.call('list_secrets', {}))).toMatch(/Several backends are enabled.*kdbx \| vault \| azure_kv/s);
  });

  it('SECRETS_REVEAL=never refuses to reveal, and says so', async () => {
    h = await startHarness({ env: { SECRETS_REVEAL: 'never' } });
    const result = await h.call('get_secret', { backend: 'kdbx', name: 'Wifi', reason: 'policy test' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('SECRETS_REVEAL=never');
  });

  it('generate_password draws from every class asked for', async () => {
    h = await startHarness();
    const result = await h.call('generate_password', { length: 40, symbols: false, exclude_ambiguous: true });
    const { password, entropyBits } = result.structuredContent as { password: string; entropyBits: number };
    expect(password).toHaveLength(40);
    expect(password).toMatch(/[a-z]/);
    expect(password).toMatch(/[A-Z]/);
    expect(password).toMatch(/[0-9]/);
    expect(password).not.toMatch(/[^A-Za-z0-9]|[Il1O0o]/);
    expect(entropyBits).toBeGreaterThan(200);
    expect(textOf(await h.call('generate_password', { lowercase: false, uppercase: false, digits: false, symbols: false }))).toMatch(
      /at least one character class/,
    );
  });
});
