import * as z from 'zod';

/**
 * One backend as the registry describes it: Claude Code's `mcpServers` entry
 * (stdio: command/args/env/cwd; http/sse: url/headers) plus the fleet's
 * optional extras. Unknown extra fields are kept (passthrough) so that a file
 * written by another tool round-trips without loss.
 */
export const NAMESPACE = /^[a-z][a-z0-9-]{0,30}$|^$/;

const extras = {
  /** Prefix of this backend's tools (`<namespace>_<tool>`); '' mounts it without prefix. Defaults to the entry name. */
  namespace: z.string().regex(NAMESPACE, 'namespace: lower-case letters, digits and dashes, at most 31 characters (or empty)').optional(),
  enabled: z.boolean().default(true),
  /** Relative share when several targets serve one namespace (canary routing, issue 6). */
  weight: z.number().int().min(0).max(100).optional(),
  /** Per-call timeout towards this backend. */
  timeoutMs: z.number().int().positive().optional(),
  description: z.string().optional(),
  /** Workspace package that serves it (for `pnpm start` and compose). */
  package: z.string().optional(),
  port: z.number().int().min(1).max(65535).optional(),
};

export const stdioServerSchema = z
  .object({
    type: z.literal('stdio').optional(),
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
    ...extras,
  })
  .passthrough();

export const httpServerSchema = z
  .object({
    type: z.enum(['http', 'streamable-http', 'sse']).default('http'),
    url: z.string().url(),
    headers: z.record(z.string(), z.string()).default({}),
    ...extras,
  })
  .passthrough();

export const backendConfigSchema = z.union([stdioServerSchema, httpServerSchema]);
export type BackendConfig = z.infer<typeof backendConfigSchema>;

/** A backend with its registry name and where the record came from. */
export interface NamedBackendConfig {
  name: string;
  config: BackendConfig;
  source: 'file' | 'store';
}

export const SERVER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;

export const registryFileSchema = z.object({
  mcpServers: z.record(z.string().regex(SERVER_NAME, 'server names: letters, digits, . _ -, at most 64 characters'), backendConfigSchema),
});
export type RegistryFile = z.infer<typeof registryFileSchema>;

export function isStdio(config: BackendConfig): config is z.infer<typeof stdioServerSchema> {
  return 'command' in config && typeof config.command === 'string';
}

export function transportOf(config: BackendConfig): 'stdio' | 'http' | 'sse' {
  if (isStdio(config)) return 'stdio';
  return config.type === 'sse' ? 'sse' : 'http';
}
