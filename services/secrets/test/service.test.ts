import { connectInProcess } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretsService } from '../src/server.js';
import { VAULT_TOKEN } from './fakes.js';
import { type Harness, startHarness, textOf } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface HealthBody {
  status: string;
  components: Record<string, { status: string; message?: string; metadata?: Record<string, unknown> }>;
}

async function healthOf(service: { fetch(request: Request): Promise<Response> }) {
  const res = await service.fetch(new Request('http://localhost/health'));
  return { status: res.status, body: (await res.json()) as HealthBody };
}

async function withService(
  env: Record<string, string | undefined>,
  fn: (service: ReturnType<typeof createSecretsService>, client: Awaited<ReturnType<typeof connectInProcess>>) => Promise<void>,
) {
  const service = createSecretsService({ LOG_LEVEL: 'silent', ...env });
  const client = await connectInProcess(service);
  try {
    await fn(service, client);
  } finally {
    await client.close();
    await service.stop();
  }
}

describe('secrets service', () => {
  it('is healthy with every backend proven', async () => {
    h = await startHarness();
    const { status, body } = await healthOf(h.service);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.components['backend:kdbx']?.metadata).toMatchObject({ entries: 3 });
    expect(body.components['backend:vault']?.metadata).toMatchObject({ identity: 'token-mcp-secrets' });
    expect(body.components['backend:azure_kv']?.status).toBe('healthy');
    expect(body.components['upstream:vault']?.metadata).toMatchObject({ circuit: 'closed' });
  });

  it('without any backend it starts degraded (no base URL asked), and tools say what to set', async () => {
    await withService({}, async (service, client) => {
      const { status, body } = await healthOf(service);
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.components.configuration?.message).toContain('SECRETS_KDBX_PATH, SECRETS_VAULT_ADDR or SECRETS_AZURE_VAULT_URL');
      expect(body.components.configuration?.message).not.toContain('BASE_URL');
      const result = await client.callTool({ name: 'list_secrets', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('SECRETS_VAULT_ADDR');
    });
  });

  it('names the credential a listed backend lacks', async () => {
    await withService({ SECRETS_BACKENDS: 'vault', SECRETS_VAULT_ADDR: 'http://127.0.0.1:1' }, async (service, client) => {
      const { body } = await healthOf(service);
      expect(body.components.configuration?.message).toBe('Missing configuration: SECRETS_VAULT_TOKEN');
      expect(body.components['backend:vault']).toMatchObject({ status: 'degraded', message: expect.stringContaining('SECRETS_VAULT_TOKEN') });
      expect(textOf(await client.callTool({ name: 'health_check', arguments: {} }))).toContain('SECRETS_VAULT_TOKEN');
    });
  });

  it('reads VAULT_ADDR and VAULT_TOKEN when the SECRETS_ names are unset', async () => {
    h = await startHarness();
    await withService({ VAULT_ADDR: h.vault.url, VAULT_TOKEN }, async (_service, client) => {
      const result = await client.callTool({ name: 'list_secrets', arguments: {} });
      expect(result.structuredContent).toMatchObject({ backend: 'vault', items: [{ name: 'apps' }, { name: 'shared-key' }] });
    });
  });

  it('asks which backend when several are enabled', async () => {
    h = await startHarness();
    expect(textOf(await h.call('list_secrets', {}))).toMatch(/Several backends are enabled.*kdbx \| vault \| azure_kv/s);
  });

  it.each([
    ['SECRETS_TIMEOUT_MS', 'soon'],
    ['SECRETS_BACKENDS', 'kdbx,onepassword'],
    ['SECRETS_VAULT_ADDR', 'not a url'],
    ['SECRETS_REVEAL', 'always'],
    ['SECRETS_VAULT_KV_MOUNT', '../sys'],
  ])('an invalid %s stops start-up with one line naming it', async (name, value) => {
    const service = createSecretsService({ LOG_LEVEL: 'silent', [name]: value });
    await expect(service.init()).rejects.toThrow(new RegExp(`^Invalid configuration: ${name}`));
  });

  it('SECRETS_READ_ONLY keeps the read-only tools: get_secret, set_secret and delete_secret go', async () => {
    h = await startHarness({ env: { SECRETS_READ_ONLY: 'true' } });
    const names = (await h.client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(['generate_password', 'get_secret_metadata', 'health_check', 'list_secrets', 'search_kdbx']);
  });

  it('marks revealing and writing destructive, so the gateway asks for approval', async () => {
    h = await startHarness();
    const { tools } = await h.client.listTools();
    const destructive = tools
      .filter((t) => t.annotations?.destructiveHint)
      .map((t) => t.name)
      .sort();
    expect(destructive).toEqual(['delete_secret', 'get_secret', 'set_secret']);
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
