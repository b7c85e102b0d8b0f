import { KubeConfig } from '@kubernetes/client-node';
import { SettingsError } from '@mcp/runtime';
import { type ConfigSource, configSource, type K8sEnv } from './env.js';

export interface LoadedConfig {
  kc: KubeConfig;
  source: ConfigSource;
  server: string;
  context: string;
  /**
   * The connection needs TLS material the runtime's pool cannot carry (a cluster
   * CA, a client certificate, skip-verify, a TLS server name or a proxy), so
   * requests go through the SDK's own agent instead (see README, "Transport").
   */
  needsSdkTls: boolean;
}

/** Builds the KubeConfig once at start-up: K8S_BASE_URL (+K8S_TOKEN), else the kubeconfig file, else in-cluster. */
export function loadKubeConfig(env: K8sEnv): LoadedConfig | undefined {
  const source = configSource(env);
  if (!source) return undefined;
  const kc = new KubeConfig();
  if (source === 'base-url') {
    kc.loadFromOptions({
      clusters: [{ name: 'env', server: env.K8S_BASE_URL as string, skipTLSVerify: plainHttp(env.K8S_BASE_URL as string) }],
      users: [{ name: 'env', ...(env.K8S_TOKEN && { token: env.K8S_TOKEN }) }],
      contexts: [{ name: 'env', cluster: 'env', user: 'env', namespace: env.K8S_NAMESPACE }],
      currentContext: 'env',
    });
  } else if (source === 'kubeconfig') {
    const path = (env.K8S_KUBECONFIG ?? env.KUBECONFIG) as string;
    const variable = env.K8S_KUBECONFIG ? 'K8S_KUBECONFIG' : 'KUBECONFIG';
    try {
      kc.loadFromFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SettingsError(`Invalid configuration: ${variable} is invalid (${code ? `cannot read the file: ${code}` : 'not a kubeconfig YAML file'})`);
    }
    if (env.K8S_CONTEXT) {
      if (!kc.getContextObject(env.K8S_CONTEXT)) {
        const known = kc.getContexts().map((c) => c.name);
        throw new SettingsError(
          `Invalid configuration: K8S_CONTEXT is invalid (no context "${env.K8S_CONTEXT}" in ${path}; it has ${known.join(', ') || 'none'})`,
        );
      }
      kc.setCurrentContext(env.K8S_CONTEXT);
    }
  } else {
    try {
      kc.loadFromCluster();
    } catch (error) {
      throw new SettingsError(`Invalid configuration: KUBERNETES_SERVICE_HOST is invalid (in-cluster configuration failed: ${(error as Error).message})`);
    }
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new SettingsError(
      `Invalid configuration: ${source === 'kubeconfig' ? 'K8S_CONTEXT' : 'K8S_KUBECONFIG'} is invalid (the current context names no cluster)`,
    );
  if (env.K8S_TOKEN && source !== 'base-url') overrideToken(kc, env.K8S_TOKEN);
  if (plainHttp(cluster.server) && !cluster.skipTLSVerify) allowPlainHttp(kc, cluster.name);
  const user = kc.getCurrentUser();
  const needsSdkTls =
    cluster.server.startsWith('https:') &&
    Boolean(
      cluster.caData ||
        cluster.caFile ||
        cluster.skipTLSVerify ||
        cluster.tlsServerName ||
        cluster.proxyUrl ||
        user?.certData ||
        user?.certFile ||
        user?.keyData ||
        user?.keyFile,
    );
  return { kc, source, server: cluster.server, context: kc.getCurrentContext(), needsSdkTls };
}

const plainHttp = (url: string) => url.startsWith('http:');

/**
 * client-node refuses an http:// server unless the cluster sets skipTLSVerify
 * (a guard against a mistyped scheme). An http:// server (kubectl proxy, a
 * local test server) has no TLS to verify, so the flag only lifts that guard.
 */
function allowPlainHttp(kc: KubeConfig, clusterName: string): void {
  kc.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.name === clusterName ? { ...c, skipTLSVerify: true } : c)),
    contexts: kc.contexts,
    users: kc.users,
    currentContext: kc.currentContext,
  });
}

/** K8S_TOKEN replaces the current user's credentials (token, exec plugin, auth provider, client certificate). */
function overrideToken(kc: KubeConfig, token: string): void {
  const current = kc.getCurrentUser();
  kc.loadFromOptions({
    clusters: kc.clusters,
    contexts: kc.contexts,
    users: kc.users.map((u) => (u.name === current?.name ? { name: u.name, token } : u)),
    currentContext: kc.currentContext,
  });
}
