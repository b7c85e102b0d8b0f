import { connectInProcess, type FakeUpstream } from '@mcp/testing';
import { createSecretsService } from '../src/server.js';
import { AZURE, startAzure, startVault, VAULT_TOKEN } from './fakes.js';
import { KDBX_PASSWORD, type KdbxFixture, makeKdbx } from './kdbx-fixture.js';

type Env = Record<string, string | undefined>;

export interface ToolResult {
  isError?: boolean;
  content?: unknown;
  structuredContent?: Record<string, unknown>;
}

export interface Harness {
  kdbx: KdbxFixture;
  vault: FakeUpstream;
  azure: { login: FakeUpstream; vault: FakeUpstream };
  service: ReturnType<typeof createSecretsService>;
  client: Awaited<ReturnType<typeof connectInProcess>>;
  /** Every log line the service wrote (LOG_LEVEL trace unless overridden). */
  logs: string[];
  call(name: string, args?: Record<string, unknown>): Promise<ToolResult>;
  close(): Promise<void>;
}

/** Settings with all three backends on their fakes and the real .kdbx file. */
export function testEnv(h: { kdbx: KdbxFixture; vault: FakeUpstream; azure: { login: FakeUpstream; vault: FakeUpstream } }, extra: Env = {}): Env {
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

/** The service in-process, driven by the SDK client, on a real .kdbx file and fake Vault / Azure upstreams. */
export async function startHarness(
  options: { env?: Env; headers?: Record<string, string>; vaultRoutes?: Parameters<typeof startVault>[0]; azureRoutes?: Parameters<typeof startAzure>[0] } = {},
): Promise<Harness> {
  const kdbx = await makeKdbx();
  const vault = await startVault(options.vaultRoutes);
  const azure = await startAzure(options.azureRoutes);
  const logs: string[] = [];
  const service = createSecretsService(testEnv({ kdbx, vault, azure }, options.env), { logDestination: { write: (line: string) => logs.push(line) } });
  const client = await connectInProcess(service, { headers: options.headers });
  return {
    kdbx,
    vault,
    azure,
    service,
    client,
    logs,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as ToolResult,
    close: async () => {
      await client.close();
      await service.stop();
      await Promise.all([vault.close(), azure.login.close(), azure.vault.close()]);
      kdbx.cleanup();
    },
  };
}

/** The text of a tool result's first content block. */
export function textOf(result: { content?: unknown }): string {
  return (result.content as Array<{ text?: string }> | undefined)?.[0]?.text ?? '';
}

/** Audit records from the captured log lines. */
export function auditsOf(logs: readonly string[]): Array<Record<string, unknown>> {
  return logs.map((l) => JSON.parse(l) as { audit?: Record<string, unknown> }).flatMap((l) => (l.audit ? [l.audit] : []));
}
