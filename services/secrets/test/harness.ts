import { type Closable, type Env, type FakeUpstream, type ServiceHarness, startServiceHarness } from '@mcp/testing';
import { createSecretsService } from '../src/server.js';
import { AZURE, startAzure, startVault, VAULT_TOKEN } from './fakes.js';
import { KDBX_PASSWORD, type KdbxFixture, makeKdbx } from './kdbx-fixture.js';

export { textOf } from '@mcp/testing';

/** The backends the service talks to: a real .kdbx file, fake Vault and Azure Key Vault upstreams. */
export interface Backends {
  kdbx: KdbxFixture;
  vault: FakeUpstream;
  azure: { login: FakeUpstream; vault: FakeUpstream };
}

export type Harness = ServiceHarness<ReturnType<typeof createSecretsService>, Backends & Closable> &
  Backends & {
    /** Every log line the service wrote (LOG_LEVEL trace unless overridden). */
    logs: string[];
  };

/** Settings with all three backends on their fakes and the real .kdbx file. */
export function testEnv(h: Backends, extra: Env = {}): Env {
  return {
    LOG_LEVEL: 'trace',
    SECRETS_KDBX_PATH: h.kdbx.path,
    SECRETS_KDBX_PASSWORD: KDBX_PASSWORD,
    SECRETS_VAULT_ADDR: h.vault.url,
    SECRETS_VAULT_TOKEN: VAULT_TOKEN,
    SECRETS_AZURE_VAULT_URL: h.azure.vault.url,
    SECRETS_AZURE_TENANT_ID: AZURE.tenant,
    SECRETS_AZURE_CLIENT_ID: AZURE.clientId,
    SECRETS_AZURE_CLIENT_SECRET: AZURE.clientSecret,
    SECRETS_AZURE_LOGIN_URL: h.azure.login.url,
    ...extra,
  };
}

/** Starts the three backends; closing the result stops the fakes and deletes the .kdbx file. */
export async function startBackends(
  options: { vaultRoutes?: Parameters<typeof startVault>[0]; azureRoutes?: Parameters<typeof startAzure>[0] } = {},
): Promise<Backends & Closable> {
  const kdbx = await makeKdbx();
  const vault = await startVault(options.vaultRoutes);
  const azure = await startAzure(options.azureRoutes);
  return {
    kdbx,
    vault,
    azure,
    close: async () => {
      await Promise.all([vault.close(), azure.login.close(), azure.vault.close()]);
      kdbx.cleanup();
    },
  };
}

/** The service in-process, driven by the SDK client, on a real .kdbx file and fake Vault / Azure upstreams. */
export async function startHarness(
  options: { env?: Env; headers?: Record<string, string>; vaultRoutes?: Parameters<typeof startVault>[0]; azureRoutes?: Parameters<typeof startAzure>[0] } = {},
): Promise<Harness> {
  const logs: string[] = [];
  const h = await startServiceHarness({
    upstream: () => startBackends(options),
    createService: (backends) => createSecretsService(testEnv(backends, options.env), { logDestination: { write: (line: string) => logs.push(line) } }),
    client: { headers: options.headers },
  });
  return { ...h, kdbx: h.upstream.kdbx, vault: h.upstream.vault, azure: h.upstream.azure, logs };
}

/** Audit records from the captured log lines. */
export function auditsOf(logs: readonly string[]): Array<Record<string, unknown>> {
  return logs.map((l) => JSON.parse(l) as { audit?: Record<string, unknown> }).flatMap((l) => (l.audit ? [l.audit] : []));
}
