import { readFileSync } from 'node:fs';
import { type Cluster, KubeConfig, type User } from '@kubernetes/client-node';
import { SettingsError, type UpstreamTlsOptions } from '@mcp/runtime';
import { type ConfigSource, configSource, type K8sEnv } from './env.js';

export interface LoadedConfig {
  kc: KubeConfig;
  source: ConfigSource;
  server: string;
  context: string;
  /** The kubeconfig's TLS material (cluster CA, client certificate, server name, skip-verify) for the runtime's pool. */
  tls: UpstreamTlsOptions | undefined;
  /**
   * The cluster is reached through a `proxy-url`, which the runtime's pool does not
   * speak, so requests keep the SDK's own agent (see README, "Transport").
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
  const needsSdkTls = cluster.server.startsWith('https:') && Boolean(cluster.proxyUrl);
  const variable =
    source === 'kubeconfig' ? (env.K8S_KUBECONFIG ? 'K8S_KUBECONFIG' : 'KUBECONFIG') : source === 'in-cluster' ? 'KUBERNETES_SERVICE_HOST' : 'K8S_BASE_URL';
  const tls = cluster.server.startsWith('https:') ? tlsOptions(cluster, kc.getCurrentUser(), variable) : undefined;
  return { kc, source, server: cluster.server, context: kc.getCurrentContext(), tls, needsSdkTls };
}

const plainHttp = (url: string) => url.startsWith('http:');

/** Inline base64 data wins over a file, as in kubectl; a file that cannot be read stops start-up naming the field. */
function pem(data: string | undefined, file: string | undefined, field: string, variable: string): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch (error) {
    throw new SettingsError(
      `Invalid configuration: ${variable} is invalid (cannot read ${field} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/**
 * The TLS settings kubectl would use, for the runtime's pool: cluster CA, client
 * certificate and key (mTLS), tls-server-name and insecure-skip-tls-verify (the
 * runtime logs a warning for the latter). In-cluster configuration lands here too (its CA file).
 */
function tlsOptions(cluster: Cluster, user: User | null, variable: string): UpstreamTlsOptions | undefined {
  const ca = pem(cluster.caData, cluster.caFile, 'certificate-authority', variable);
  const cert = pem(user?.certData, user?.certFile, 'client-certificate', variable);
  const key = pem(user?.keyData, user?.keyFile, 'client-key', variable);
  const tls: UpstreamTlsOptions = {
    ...(ca && { ca }),
    ...(cert && { cert }),
    ...(key && { key }),
    ...(cluster.tlsServerName && { servername: cluster.tlsServerName }),
    ...(cluster.skipTLSVerify && { rejectUnauthorized: false }),
  };
  return Object.keys(tls).length > 0 ? tls : undefined;
}

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
