import { envBoolean } from '@mcp/runtime';
import * as z from 'zod';

/** A namespace name (DNS label) or a glob over them (`team-*`, `*`). */
const NAMESPACE_PATTERN = /^[a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?$/;
const namespaceList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine((list) => list.every((n) => NAMESPACE_PATTERN.test(n)), 'comma-separated namespace names or globs such as team-*, or *');

/**
 * K8S_* settings, parsed once at start-up: an invalid value stops the
 * service with one line naming the variable. Secrets come from the environment
 * (or a secret store that fills it) and are redacted from logs by the runtime.
 */
export const envSchema = z
  .object({
    /** Path of a kubeconfig file; KUBECONFIG is the fallback. */
    K8S_KUBECONFIG: z.string().min(1).optional(),
    KUBECONFIG: z.string().min(1).optional(),
    /** Context of the kubeconfig to use (default: its current-context). */
    K8S_CONTEXT: z.string().min(1).optional(),
    /** API server URL: with K8S_TOKEN, replaces the kubeconfig (tests, `kubectl proxy`, token-only access). */
    K8S_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Bearer token; overrides the kubeconfig user's credentials when both are set. */
    K8S_TOKEN: z.string().min(1).optional(),
    /** Namespace tools use when none is given. */
    K8S_NAMESPACE: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a namespace name')
      .default('default'),
    /** Namespaces tools may touch (names or globs, `*` for all). Unset: K8S_NAMESPACE only. */
    K8S_ALLOWED_NAMESPACES: namespaceList.optional(),
    /** Alias of K8S_ALLOWED_NAMESPACES. */
    K8S_NAMESPACES: namespaceList.optional(),
    /** Most bytes of log one get_pod_logs call reads (the API's limitBytes). */
    K8S_LOG_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /** Set by Kubernetes in every pod: enables in-cluster configuration (service account). */
    KUBERNETES_SERVICE_HOST: z.string().min(1).optional(),
    /** Per-request deadline for API calls, in milliseconds. */
    K8S_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    /** Keep only read-only tools (MCP_READ_ONLY does the same for every service). */
    K8S_READ_ONLY: envBoolean.default(false),
  })
  .refine((env) => !env.K8S_ALLOWED_NAMESPACES || !env.K8S_NAMESPACES || env.K8S_ALLOWED_NAMESPACES.join(',') === env.K8S_NAMESPACES.join(','), {
    path: ['K8S_NAMESPACES'],
    message: 'set K8S_ALLOWED_NAMESPACES or its alias K8S_NAMESPACES, not both with different values',
  });

export type K8sEnv = z.infer<typeof envSchema>;

/** Where the cluster configuration comes from, in order of precedence. */
export type ConfigSource = 'base-url' | 'kubeconfig' | 'in-cluster';

export function configSource(env: K8sEnv): ConfigSource | undefined {
  if (env.K8S_BASE_URL) return 'base-url';
  if (env.K8S_KUBECONFIG ?? env.KUBECONFIG) return 'kubeconfig';
  if (env.KUBERNETES_SERVICE_HOST) return 'in-cluster';
  return undefined;
}

/**
 * Required settings that are not set. The service still starts, reports
 * `degraded` on /health naming them, and its tools answer with that message
 * instead of calling the upstream.
 */
export function missingConfig(env: K8sEnv): string[] {
  const source = configSource(env);
  if (!source) return ['K8S_KUBECONFIG (or K8S_BASE_URL with K8S_TOKEN, or run in a pod)'];
  // `kubectl proxy` on loopback authenticates for us; any other API server URL needs a token.
  if (source === 'base-url' && !env.K8S_TOKEN && !isLoopbackHttp(env.K8S_BASE_URL as string)) return ['K8S_TOKEN'];
  return [];
}

function isLoopbackHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}
