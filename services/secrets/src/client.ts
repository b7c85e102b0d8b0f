import { createRateLimiter, currentRequestContext, type HealthCheckOptions, InvalidInputError, type RuntimeKit, type ToolContext } from '@mcp/runtime';
import { AzureKeyVaultBackend, tokenSource } from './backends/azure.js';
import { KdbxBackend } from './backends/kdbx.js';
import type { Backend } from './backends/types.js';
import { VaultBackend } from './backends/vault.js';
import { type BackendId, enabledBackends, missingFor, resolved, type SecretsEnv } from './env.js';

/** Tools that touch secrets: rate-limited per caller and audited. */
export const ACCESS_TOOLS = ['list_secrets', 'get_secret_metadata', 'search_kdbx', 'get_secret', 'set_secret', 'delete_secret'];

/** Where UNCONFIGURED upstreams point: never called, tools answer "not configured" first. */
const UNCONFIGURED = 'http://unconfigured.invalid';

/**
 * The secrets "client": one backend per enabled store. Vault and Azure Key
 * Vault run on the runtime's pooled, retried, circuit-broken HTTP client
 * (no official SDK: @azure/keyvault-secrets brings its own HTTP pipeline and
 * retries, and node-vault is a community package); KeePass is a local file.
 */
export function createSecretsClient(kit: RuntimeKit<SecretsEnv>) {
  const { env } = kit;
  const r = resolved(env);
  const enabled = enabledBackends(env);
  const backends = new Map<BackendId, Backend>();

  if (enabled.includes('kdbx') && r.kdbx.path)
    backends.set('kdbx', new KdbxBackend({ path: r.kdbx.path, password: r.kdbx.password, keyFilePath: r.kdbx.keyFilePath }));
  if (enabled.includes('vault')) {
    const http = kit.upstream({
      name: 'vault',
      baseUrl: r.vault.addr ?? UNCONFIGURED,
      timeoutMs: env.SECRETS_TIMEOUT_MS,
      headers: { ...(r.vault.token && { 'x-vault-token': r.vault.token }), ...(r.vault.namespace && { 'x-vault-namespace': r.vault.namespace }) },
      describeAuthError: (status) =>
        status === 401
          ? 'Vault rejected SECRETS_VAULT_TOKEN (expired or revoked): issue a new token.'
          : `SECRETS_VAULT_TOKEN lacks a policy for this path: it needs "read" and "list" on ${r.vault.mount}/data/* and ${r.vault.mount}/metadata/* ("create"/"update"/"delete" to write).`,
    });
    backends.set('vault', new VaultBackend(http, r.vault.mount));
  }
  if (enabled.includes('azure_kv')) {
    const login = kit.upstream({ name: 'azure-login', baseUrl: r.azure.loginUrl, timeoutMs: env.SECRETS_TIMEOUT_MS });
    const token = tokenSource(login, {
      tenantId: r.azure.tenantId ?? '',
      clientId: r.azure.clientId ?? '',
      clientSecret: r.azure.clientSecret ?? '',
      apiVersion: r.azure.apiVersion,
    });
    const http = kit.upstream({
      name: 'azure-kv',
      baseUrl: r.azure.vaultUrl ?? UNCONFIGURED,
      timeoutMs: env.SECRETS_TIMEOUT_MS,
      headers: async () => ({ authorization: `Bearer ${await token()}` }),
      describeAuthError: (status) =>
        status === 401
          ? 'Key Vault rejected the token of SECRETS_AZURE_CLIENT_ID (scope https://vault.azure.net/.default).'
          : 'The app of SECRETS_AZURE_CLIENT_ID lacks access: grant it the Key Vault Secrets User role (Secrets Officer to write) or an access policy with get/list.',
    });
    backends.set('azure_kv', new AzureKeyVaultBackend(http, r.azure.apiVersion));
  }

  // Per caller (the authenticated principal), shared by replicas through Redis when REDIS_URL is set.
  const limiter = createRateLimiter({
    points: env.SECRETS_RATE_LIMIT_POINTS,
    durationSeconds: env.SECRETS_RATE_LIMIT_WINDOW_SECONDS,
    scope: 'principal',
    tools: ACCESS_TOOLS,
    redisUrl: kit.settings.REDIS_URL,
    keyPrefix: 'mcp:secrets:rl:',
  });
  kit.onShutdown(() => limiter.close());

  return {
    env,
    backends,
    limiter,
    /** The backend asked for, or the only one enabled. */
    backend(id: BackendId | undefined): Backend {
      const chosen = id ?? (backends.size === 1 ? [...backends.keys()][0] : undefined);
      if (!chosen) throw new InvalidInputError('Several backends are enabled: say which one.', { hint: `backend: ${[...backends.keys()].join(' | ')}` });
      const backend = backends.get(chosen);
      if (!backend)
        throw new InvalidInputError(`The ${chosen} backend is not enabled.`, {
          hint: `Enabled: ${[...backends.keys()].join(', ') || 'none'} (SECRETS_BACKENDS).`,
        });
      return backend;
    },
    kdbx(): KdbxBackend {
      const backend = backends.get('kdbx');
      if (!(backend instanceof KdbxBackend)) throw new InvalidInputError('The kdbx backend is not enabled (SECRETS_KDBX_PATH).');
      return backend;
    },
  };
}

export type SecretsClient = ReturnType<typeof createSecretsClient>;

/**
 * One audit line per access: who, what, where, never the value. The
 * principal is the authenticated caller (the gateway's identity when called
 * through it), `anonymous` without inbound auth.
 */
export interface AuditEntry {
  action: 'list' | 'metadata' | 'search' | 'reveal' | 'write' | 'delete';
  backend: BackendId;
  path: string;
  version?: string;
  field?: string;
  reason?: string;
}

export async function audited<T>(ctx: Pick<ToolContext, 'logger'>, entry: AuditEntry, fn: () => Promise<T>): Promise<T> {
  const principal = currentRequestContext()?.principal?.id ?? 'anonymous';
  try {
    const result = await fn();
    ctx.logger.info({ audit: { ...entry, principal, outcome: 'success' } }, 'audit');
    return result;
  } catch (error) {
    ctx.logger.warn({ audit: { ...entry, principal, outcome: 'error', error: (error as Error).name } }, 'audit');
    throw error;
  }
}

/** /health: one component per backend, proving its credentials with the cheapest call. */
export function healthChecks(client: SecretsClient): Record<string, HealthCheckOptions> {
  const checks: Record<string, HealthCheckOptions> = {};
  for (const [id, backend] of client.backends) {
    checks[`backend:${id}`] = {
      cacheMs: 30_000,
      timeoutMs: 10_000,
      check: async () => {
        const missing = missingFor(client.env, id);
        if (missing.length > 0) return { status: 'degraded', message: `not checked: ${missing.join(', ')} not set` };
        const started = performance.now();
        try {
          const probe = await backend.probe(AbortSignal.timeout(10_000));
          const latencyMs = Math.round(performance.now() - started);
          return probe.ok
            ? { status: 'healthy', latencyMs, metadata: { identity: probe.identity, ...probe.detail } }
            : { status: 'unhealthy', latencyMs, message: probe.error, metadata: probe.detail };
        } catch (error) {
          return { status: 'unhealthy', latencyMs: Math.round(performance.now() - started), message: (error as Error).message };
        }
      },
    };
  }
  return checks;
}
