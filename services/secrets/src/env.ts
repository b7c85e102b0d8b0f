import { envBoolean, envCsv } from '@mcp/runtime';
import * as z from 'zod';

export const BACKENDS = ['kdbx', 'vault', 'azure_kv'] as const;
export type BackendId = (typeof BACKENDS)[number];

const url = z.url({ protocol: /^https?$/ });

/**
 * SECRETS_* settings (with the usual VAULT_* and AZURE_* names as fallbacks),
 * parsed once at start-up: an invalid value stops the service with one line
 * naming the variable. A local service for KeePass, and an HTTP client for
 * Vault and Azure Key Vault: their addresses are the base URLs.
 */
export const envSchema = z.object({
  /** Backends to serve (comma-separated); default: every backend whose settings are present. */
  SECRETS_BACKENDS: envCsv.pipe(z.array(z.enum(BACKENDS))).optional(),
  /** KeePass database file (.kdbx, KDBX 3.1 or 4). */
  SECRETS_KDBX_PATH: z.string().optional(),
  SECRETS_KDBX_PASSWORD: z.string().optional(),
  SECRETS_KDBX_KEYFILE_PATH: z.string().optional(),
  /** Vault address, e.g. https://vault.example.com:8200 (fallback VAULT_ADDR). */
  SECRETS_VAULT_ADDR: url.optional(),
  VAULT_ADDR: url.optional(),
  SECRETS_VAULT_TOKEN: z.string().optional(),
  VAULT_TOKEN: z.string().optional(),
  /** Vault Enterprise namespace (X-Vault-Namespace). */
  SECRETS_VAULT_NAMESPACE: z.string().optional(),
  /** Mount path of the KV v2 engine. */
  SECRETS_VAULT_KV_MOUNT: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/, 'a mount path such as "secret" or "team/kv"')
    .default('secret'),
  /** https://{vault}.vault.azure.net */
  SECRETS_AZURE_VAULT_URL: url.optional(),
  SECRETS_AZURE_TENANT_ID: z.string().optional(),
  SECRETS_AZURE_CLIENT_ID: z.string().optional(),
  SECRETS_AZURE_CLIENT_SECRET: z.string().optional(),
  AZURE_TENANT_ID: z.string().optional(),
  AZURE_CLIENT_ID: z.string().optional(),
  AZURE_CLIENT_SECRET: z.string().optional(),
  SECRETS_AZURE_API_VERSION: z.string().default('7.4'),
  /** Microsoft Entra authority host (sovereign clouds, tests). */
  SECRETS_AZURE_LOGIN_URL: url.default('https://login.microsoftonline.com'),
  /** `approval` (default): get_secret reveals values (it is destructive, so the gateway asks first); `never`: it refuses. */
  SECRETS_REVEAL: z.enum(['never', 'approval']).default('approval'),
  /** Per-caller limit on secret access: calls per window. */
  SECRETS_RATE_LIMIT_POINTS: z.coerce.number().int().positive().default(30),
  SECRETS_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** Per-attempt deadline for Vault and Azure calls, in milliseconds. */
  SECRETS_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
  SECRETS_READ_ONLY: envBoolean.default(false),
});

export type SecretsEnv = z.infer<typeof envSchema>;

/** The settings each backend uses, with fallbacks applied. */
export function resolved(env: SecretsEnv) {
  return {
    kdbx: { path: env.SECRETS_KDBX_PATH, password: env.SECRETS_KDBX_PASSWORD, keyFilePath: env.SECRETS_KDBX_KEYFILE_PATH },
    vault: {
      addr: env.SECRETS_VAULT_ADDR ?? env.VAULT_ADDR,
      token: env.SECRETS_VAULT_TOKEN ?? env.VAULT_TOKEN,
      namespace: env.SECRETS_VAULT_NAMESPACE,
      mount: env.SECRETS_VAULT_KV_MOUNT,
    },
    azure: {
      vaultUrl: env.SECRETS_AZURE_VAULT_URL,
      tenantId: env.SECRETS_AZURE_TENANT_ID ?? env.AZURE_TENANT_ID,
      clientId: env.SECRETS_AZURE_CLIENT_ID ?? env.AZURE_CLIENT_ID,
      clientSecret: env.SECRETS_AZURE_CLIENT_SECRET ?? env.AZURE_CLIENT_SECRET,
      apiVersion: env.SECRETS_AZURE_API_VERSION,
      loginUrl: env.SECRETS_AZURE_LOGIN_URL,
    },
  };
}

/** Backends served: SECRETS_BACKENDS, or every backend with its address/path set. */
export function enabledBackends(env: SecretsEnv): BackendId[] {
  if (env.SECRETS_BACKENDS) return [...new Set(env.SECRETS_BACKENDS)];
  const r = resolved(env);
  return BACKENDS.filter((b) => (b === 'kdbx' ? r.kdbx.path : b === 'vault' ? r.vault.addr : r.azure.vaultUrl));
}

/** What each enabled backend still lacks, by variable name. */
export function missingFor(env: SecretsEnv, backend: BackendId): string[] {
  const r = resolved(env);
  const missing: string[] = [];
  if (backend === 'kdbx') {
    if (!r.kdbx.path) missing.push('SECRETS_KDBX_PATH');
    if (!r.kdbx.password && !r.kdbx.keyFilePath) missing.push('SECRETS_KDBX_PASSWORD or SECRETS_KDBX_KEYFILE_PATH');
  } else if (backend === 'vault') {
    if (!r.vault.addr) missing.push('SECRETS_VAULT_ADDR');
    if (!r.vault.token) missing.push('SECRETS_VAULT_TOKEN');
  } else {
    if (!r.azure.vaultUrl) missing.push('SECRETS_AZURE_VAULT_URL');
    if (!r.azure.tenantId) missing.push('SECRETS_AZURE_TENANT_ID');
    if (!r.azure.clientId) missing.push('SECRETS_AZURE_CLIENT_ID');
    if (!r.azure.clientSecret) missing.push('SECRETS_AZURE_CLIENT_SECRET');
  }
  return missing;
}

/**
 * Required settings that are not set. The service still starts, reports
 * `degraded` on /health naming them, and its tools answer with that message.
 */
export function missingConfig(env: SecretsEnv): string[] {
  const backends = enabledBackends(env);
  if (backends.length === 0) return ['SECRETS_KDBX_PATH, SECRETS_VAULT_ADDR or SECRETS_AZURE_VAULT_URL (no backend configured)'];
  return backends.flatMap((b) => missingFor(env, b));
}
