import { AppsV1Api, AuthenticationV1Api, type ConfigurationOptions, CoreV1Api, VersionApi } from '@kubernetes/client-node';
import { type HealthCheckOptions, NotConfiguredError, type RuntimeKit } from '@mcp/runtime';
import { configSource, type K8sEnv, missingConfig } from './env.js';
import { type CallContext, toToolError } from './errors.js';
import { type LoadedConfig, loadKubeConfig } from './kubeconfig.js';
import { createNamespacePolicy } from './namespaces.js';
import { apiConfiguration, callOptions } from './transport.js';

/** Stands in while no cluster is configured: never called, the runtime answers "not configured" first. */
const UNCONFIGURED_BASE_URL = 'http://unconfigured.invalid';

export interface Apis {
  core: CoreV1Api;
  apps: AppsV1Api;
  version: VersionApi;
  authn: AuthenticationV1Api;
}

/**
 * The Kubernetes client: `@kubernetes/client-node`'s typed APIs on the runtime's
 * pooled fetch, with the kubeconfig's CA and client certificate on the pool (the
 * SDK's own agent only behind a proxy-url), the namespace allowlist, and error mapping.
 */
export function createK8sClient(kit: RuntimeKit<K8sEnv>) {
  const { env } = kit;
  const loaded: LoadedConfig | undefined = loadKubeConfig(env);
  const http = kit.upstream({
    name: 'kubernetes',
    baseUrl: loaded?.server ?? UNCONFIGURED_BASE_URL,
    timeoutMs: env.K8S_TIMEOUT_MS,
    ...(loaded?.tls && { tls: loaded.tls }),
    // The SDK adds the kubeconfig's credentials itself; nothing to add here.
  });
  let apis: Apis | undefined;
  if (loaded) {
    const config = apiConfiguration(loaded, http.fetch);
    apis = { core: new CoreV1Api(config), apps: new AppsV1Api(config), version: new VersionApi(config), authn: new AuthenticationV1Api(config) };
  }
  const namespaces = createNamespacePolicy(env);
  const conn = { source: configSource(env), context: loaded?.context, server: loaded?.server };

  /**
   * Runs one API call with the caller's signal (plus K8S_TIMEOUT_MS) and maps
   * any failure to a ToolError; `contentType` sets a PATCH's patch strategy.
   */
  async function call<T>(
    what: CallContext,
    signal: AbortSignal,
    fn: (apis: Apis, options: ConfigurationOptions) => Promise<T>,
    contentType?: string,
  ): Promise<T> {
    if (!apis) throw new NotConfiguredError(`k8s is not configured: ${missingConfig(env).join(', ')}.`);
    const options = callOptions(AbortSignal.any([signal, AbortSignal.timeout(env.K8S_TIMEOUT_MS)]), contentType);
    try {
      return await fn(apis, options);
    } catch (error) {
      throw toToolError(error, what, conn);
    }
  }

  return {
    env,
    http,
    namespaces,
    call,
    /** How requests travel: the runtime's pool, or the SDK's agent for a kubeconfig proxy-url. */
    transport: loaded?.needsSdkTls ? ('sdk-tls-agent' as const) : ('runtime-pool' as const),
    source: conn.source,
    context: loaded?.context,
    server: loaded?.server,
  };
}

export type K8sClient = ReturnType<typeof createK8sClient>;

export interface Identity {
  gitVersion: string;
  platform?: string;
  username?: string;
  groups?: string[];
}

/**
 * The cheapest calls proving the cluster answers and accepts the credentials:
 * `GET /version`, then `POST /apis/authentication.k8s.io/v1/selfsubjectreviews`
 * (who am I; allowed to every authenticated identity, Kubernetes ≥ 1.28). On an
 * older server (404) the identity stays unknown but a 401 still fails the check.
 */
export async function whoami(client: K8sClient, signal: AbortSignal): Promise<Identity> {
  const version = await client.call({ verb: 'get', resource: 'version' }, signal, (a, o) => a.version.getCode(o));
  const identity: Identity = { gitVersion: version.gitVersion, ...(version.platform && { platform: version.platform }) };
  try {
    const review = await client.call({ verb: 'create', resource: 'selfsubjectreviews' }, signal, (a, o) =>
      a.authn.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } }, o),
    );
    const user = review.status?.userInfo;
    return { ...identity, ...(user?.username && { username: user.username }), ...(user?.groups && { groups: user.groups.slice(0, 20) }) };
  } catch (error) {
    if ((error as { code?: string }).code === 'not_found') return identity;
    throw error;
  }
}

/** The /health component proving the credentials: cached, bounded. */
export function upstreamProbe(client: K8sClient): HealthCheckOptions {
  return {
    cacheMs: 30_000,
    timeoutMs: 5_000,
    check: async () => {
      const missing = missingConfig(client.env);
      if (missing.length > 0) return { status: 'degraded', message: `not probed: ${missing.join(', ')} not set` };
      let who: Identity | undefined;
      const probe = await client.http.healthCheck(async (_http, signal) => {
        who = await whoami(client, signal);
      });
      return {
        status: probe.status,
        latencyMs: probe.latencyMs,
        metadata: { ...probe.metadata, transport: client.transport, ...(who && { version: who.gitVersion, ...(who.username && { identity: who.username }) }) },
        ...(probe.metadata.error && { message: probe.metadata.error }),
      };
    },
  };
}
