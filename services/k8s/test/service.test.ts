import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceContractSuite, withService } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { envSchema } from '../src/env.js';
import { loadKubeConfig } from '../src/kubeconfig.js';
import { createNamespacePolicy } from '../src/namespaces.js';
import { createK8sService } from '../src/server.js';
import { type FakeApiServer, startApiServer, TOKEN } from './fake-apiserver.js';
import { errorCode, type Harness, startHarness, textOf } from './harness.js';

let h: Harness | undefined;
let api: FakeApiServer | undefined;
afterEach(async () => {
  await h?.close();
  await api?.close();
  h = undefined;
  api = undefined;
});

function kubeconfig(server: string, extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
  const path = join(dir, 'config');
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: ${server}
${extra}
users:
- name: good
  user:
    token: ${TOKEN}
- name: stale
  user:
    token: expired-token
- name: sso
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: /nonexistent/aws
      args: [eks, get-token]
contexts:
- name: ops
  context: { cluster: fake, user: good, namespace: default }
- name: old
  context: { cluster: fake, user: stale }
- name: eks
  context: { cluster: fake, user: sso }
current-context: old
`,
  );
  return path;
}

describe('k8s service', () => {
  serviceContractSuite({
    createService: createK8sService,
    startHarness: (env) => startHarness({ env }),
    healthy: {
      title: 'is healthy against a working API server, the probe naming the identity and transport',
      check: (body) =>
        expect(body.components.upstream_probe?.metadata).toMatchObject({
          circuit: 'closed',
          transport: 'runtime-pool',
          version: 'v1.31.2',
          identity: 'system:serviceaccount:ops:mcp-agent',
        }),
    },
    missingConfig: {
      title: 'without configuration it starts degraded, and tools name what to set',
      mentions: ['K8S_KUBECONFIG (or K8S_BASE_URL with K8S_TOKEN, or run in a pod)'],
      tools: [{ name: 'list_pods' }],
      toolMentions: 'K8S_KUBECONFIG',
    },
    invalidSettings: [
      { name: 'K8S_ALLOWED_NAMESPACES', value: 'default,Bad_NS', error: /^Invalid configuration: K8S_ALLOWED_NAMESPACES is invalid/ },
      {
        name: 'K8S_NAMESPACES',
        value: 'b',
        env: { K8S_ALLOWED_NAMESPACES: 'a' },
        error: /^Invalid configuration: K8S_NAMESPACES is invalid \(set K8S_ALLOWED_NAMESPACES or its alias/,
      },
      { name: 'K8S_KUBECONFIG', value: '/nonexistent/config', error: /^Invalid configuration: K8S_KUBECONFIG is invalid \(cannot read the file: ENOENT\)/ },
    ],
    readOnly: {
      title: 'K8S_READ_ONLY=true hides the destructive tools',
      env: { K8S_READ_ONLY: 'true' },
      tools: ['describe_resource', 'get_pod_logs', 'health_check', 'list_deployments', 'list_events', 'list_namespaces', 'list_pods'],
    },
    annotations: {
      title: 'the write tools declare destructiveHint',
      tools: Object.fromEntries(['scale_deployment', 'rollout_restart', 'delete_pod'].map((name) => [name, { readOnlyHint: false, destructiveHint: true }])),
    },
  });

  it('an https K8S_BASE_URL needs K8S_TOKEN; kubectl proxy on loopback does not', () => {
    const missing = (env: Record<string, string>) => import('../src/env.js').then((m) => m.missingConfig(envSchema.parse(env)));
    return Promise.all([
      expect(missing({ K8S_BASE_URL: 'https://k8s.example.com:6443' })).resolves.toEqual(['K8S_TOKEN']),
      expect(missing({ K8S_BASE_URL: 'http://127.0.0.1:8001' })).resolves.toEqual([]),
    ]);
  });

  it('loads a kubeconfig file and its K8S_CONTEXT, refusing an unknown context', async () => {
    api = await startApiServer();
    const path = kubeconfig(api.upstream.url);
    await withService(createK8sService({ LOG_LEVEL: 'silent', K8S_KUBECONFIG: path, K8S_CONTEXT: 'ops' }), async (_service, client) => {
      const result = await client.callTool({ name: 'list_pods', arguments: {} });
      expect((result.structuredContent as { pods: unknown[] }).pods).toHaveLength(3);
      const health = await client.callTool({ name: 'health_check', arguments: {} });
      expect(health.structuredContent).toMatchObject({ ok: true, context: 'ops' });
    });
    await expect(createK8sService({ LOG_LEVEL: 'silent', K8S_KUBECONFIG: path, K8S_CONTEXT: 'prod' }).init()).rejects.toThrow(
      /K8S_CONTEXT is invalid \(no context "prod" in .*; it has ops, old, eks\)/,
    );
  });

  it('a rejected kubeconfig token names the context; K8S_TOKEN overrides the user, even an exec plugin', async () => {
    api = await startApiServer();
    const path = kubeconfig(api.upstream.url);
    await withService(createK8sService({ LOG_LEVEL: 'silent', KUBECONFIG: path }), async (_stale, staleClient) => {
      const result = await staleClient.callTool({ name: 'list_pods', arguments: {} });
      expect(textOf(result)).toMatch(/rejected the credentials \(401\).*context "old" in K8S_KUBECONFIG/s);
    });
    await withService(createK8sService({ LOG_LEVEL: 'silent', K8S_KUBECONFIG: path, K8S_CONTEXT: 'eks', K8S_TOKEN: TOKEN }), async (_fixed, fixedClient) => {
      const result = await fixedClient.callTool({ name: 'list_deployments', arguments: {} });
      expect(result.isError).toBeFalsy();
    });
  });

  it('a wrong K8S_TOKEN gives unauthorized naming K8S_TOKEN', async () => {
    h = await startHarness({ env: { K8S_TOKEN: 'wrong' } });
    const result = await h.call('list_pods');
    expect(errorCode(result)).toBe('unauthorized');
    expect(textOf(result)).toContain('Check K8S_TOKEN');
  });

  it('an unreachable API server is upstream_unavailable', async () => {
    const closed = await startApiServer();
    await closed.close();
    await withService(createK8sService({ LOG_LEVEL: 'silent', K8S_BASE_URL: closed.upstream.url, K8S_TOKEN: 'x' }), async (_service, client) => {
      const result = await client.callTool({ name: 'list_pods', arguments: {} });
      expect(textOf(result)).toMatch(/could not be reached \(ECONNREFUSED\)/);
      expect(errorCode(result as never)).toBe('upstream_unavailable');
    });
  });

  it('puts a cluster CA on the runtime pool; only a proxy-url keeps the SDK’s agent', () => {
    const path = kubeconfig('https://k8s.example.com:6443', '    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==');
    const withCa = loadKubeConfig(envSchema.parse({ K8S_KUBECONFIG: path, K8S_CONTEXT: 'ops' }));
    expect(withCa?.needsSdkTls).toBe(false);
    expect(withCa?.tls?.ca?.toString()).toBe('-----BEGIN CERTIFICATE-----\n');
    const proxied = kubeconfig('https://k8s.example.com:6443', '    proxy-url: http://127.0.0.1:3128');
    expect(loadKubeConfig(envSchema.parse({ K8S_KUBECONFIG: proxied, K8S_CONTEXT: 'ops' }))?.needsSdkTls).toBe(true);
    const tokenOnly = loadKubeConfig(envSchema.parse({ K8S_BASE_URL: 'https://k8s.example.com', K8S_TOKEN: 't' }));
    expect(tokenOnly?.needsSdkTls).toBe(false);
    expect(tokenOnly?.tls).toBeUndefined();
  });
});

describe('namespace allowlist', () => {
  const policy = (env: Record<string, string>) => createNamespacePolicy(envSchema.parse(env));

  it('defaults to K8S_NAMESPACE only', () => {
    const p = policy({ K8S_NAMESPACE: 'apps' });
    expect(p.check(undefined)).toBe('apps');
    expect(() => p.check('default')).toThrow(/K8S_ALLOWED_NAMESPACES \(unset: only K8S_NAMESPACE\) allows apps/);
  });

  it('matches globs and * and accepts the K8S_NAMESPACES alias', () => {
    const p = policy({ K8S_NAMESPACES: 'team-*,prod' });
    expect(['team-a', 'team-payments', 'prod'].every(p.allows)).toBe(true);
    expect(['team', 'prod-2', 'kube-system', 'xteam-a'].some(p.allows)).toBe(false);
    expect(policy({ K8S_ALLOWED_NAMESPACES: '*' }).allows('kube-system')).toBe(true);
  });
});
