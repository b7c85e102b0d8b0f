import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectInProcess } from '@mcp/testing';
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

async function healthOf(service: { fetch(request: Request): Promise<Response> }) {
  const res = await service.fetch(new Request('http://localhost/health'));
  return {
    status: res.status,
    body: (await res.json()) as { status: string; components: Record<string, { status: string; message?: string; metadata?: Record<string, unknown> }> },
  };
}

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
  it('is healthy against a working API server, the probe naming the identity and transport', async () => {
    h = await startHarness();
    const { status, body } = await healthOf(h.service);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.components.upstream_probe?.metadata).toMatchObject({
      circuit: 'closed',
      transport: 'runtime-pool',
      version: 'v1.31.2',
      identity: 'system:serviceaccount:ops:mcp-agent',
    });
  });

  it('without configuration it starts degraded, and tools name what to set', async () => {
    const service = createK8sService({ LOG_LEVEL: 'silent' });
    const client = await connectInProcess(service);
    try {
      const { body } = await healthOf(service);
      expect(body.status).toBe('degraded');
      expect(body.components.configuration?.message).toContain('K8S_KUBECONFIG (or K8S_BASE_URL with K8S_TOKEN, or run in a pod)');
      const result = await client.callTool({ name: 'list_pods', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('K8S_KUBECONFIG');
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it('an https K8S_BASE_URL needs K8S_TOKEN; kubectl proxy on loopback does not', () => {
    const missing = (env: Record<string, string>) => import('../src/env.js').then((m) => m.missingConfig(envSchema.parse(env)));
    return Promise.all([
      expect(missing({ K8S_BASE_URL: 'https://k8s.example.com:6443' })).resolves.toEqual(['K8S_TOKEN']),
      expect(missing({ K8S_BASE_URL: 'http://127.0.0.1:8001' })).resolves.toEqual([]),
    ]);
  });

  it('invalid settings stop start-up with one line naming the variable', async () => {
    await expect(createK8sService({ LOG_LEVEL: 'silent', K8S_ALLOWED_NAMESPACES: 'default,Bad_NS' }).init()).rejects.toThrow(
      /^Invalid configuration: K8S_ALLOWED_NAMESPACES is invalid/,
    );
    await expect(createK8sService({ LOG_LEVEL: 'silent', K8S_ALLOWED_NAMESPACES: 'a', K8S_NAMESPACES: 'b' }).init()).rejects.toThrow(
      /^Invalid configuration: K8S_NAMESPACES is invalid \(set K8S_ALLOWED_NAMESPACES or its alias/,
    );
    await expect(createK8sService({ LOG_LEVEL: 'silent', K8S_KUBECONFIG: '/nonexistent/config' }).init()).rejects.toThrow(
      /^Invalid configuration: K8S_KUBECONFIG is invalid \(cannot read the file: ENOENT\)/,
    );
  });

  it('loads a kubeconfig file and its K8S_CONTEXT, refusing an unknown context', async () => {
    api = await startApiServer();
    const path = kubeconfig(api.upstream.url);
    const service = createK8sService({ LOG_LEVEL: 'silent', K8S_KUBECONFIG: path, K8S_CONTEXT: 'ops' });
    const client = await connectInProcess(service);
    try {
      const result = await client.callTool({ name: 'list_pods', arguments: {} });
      expect((result.structuredContent as { pods: unknown[] }).pods).toHaveLength(3);
      const health = await client.callTool({ name: 'health_check', arguments: {} });
      expect(health.structuredContent).toMatchObject({ ok: true, context: 'ops' });
    } finally {
      await client.close();
      await service.stop();
    }
    await expect(createK8sService({ LOG_LEVEL: 'silent', K8S_KUBECONFIG: path, K8S_CONTEXT: 'prod' }).init()).rejects.toThrow(
      /K8S_CONTEXT is invalid \(no context "prod" in .*; it has ops, old, eks\)/,
    );
  });

  it('a rejected kubeconfig token names the context; K8S_TOKEN overrides the user, even an exec plugin', async () => {
    api = await startApiServer();
    const path = kubeconfig(api.upstream.url);
    const stale = createK8sService({ LOG_LEVEL: 'silent', KUBECONFIG: path });
    const staleClient = await connectInProcess(stale);
    try {
      const result = await staleClient.callTool({ name: 'list_pods', arguments: {} });
      expect(textOf(result)).toMatch(/rejected the credentials \(401\).*context "old" in K8S_KUBECONFIG/s);
    } finally {
      await staleClient.close();
      await stale.stop();
    }
    const fixed = createK8sService({ LOG_LEVEL: 'silent', K8S_KUBECONFIG: path, K8S_CONTEXT: 'eks', K8S_TOKEN: TOKEN });
    const fixedClient = await connectInProcess(fixed);
    try {
      const result = await fixedClient.callTool({ name: 'list_deployments', arguments: {} });
      expect(result.isError).toBeFalsy();
    } finally {
      await fixedClient.close();
      await fixed.stop();
    }
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
    const service = createK8sService({ LOG_LEVEL: 'silent', K8S_BASE_URL: closed.upstream.url, K8S_TOKEN: 'x' });
    const client = await connectInProcess(service);
    try {
      const result = await client.callTool({ name: 'list_pods', arguments: {} });
      expect(textOf(result)).toMatch(/could not be reached \(ECONNREFUSED\)/);
      expect(errorCode(result as never)).toBe('upstream_unavailable');
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it('keeps the SDK’s TLS agent when the kubeconfig carries a cluster CA or client certificate', () => {
    const path = kubeconfig('https://k8s.example.com:6443', '    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==');
    expect(loadKubeConfig(envSchema.parse({ K8S_KUBECONFIG: path, K8S_CONTEXT: 'ops' }))?.needsSdkTls).toBe(true);
    expect(loadKubeConfig(envSchema.parse({ K8S_BASE_URL: 'https://k8s.example.com', K8S_TOKEN: 't' }))?.needsSdkTls).toBe(false);
  });

  it('K8S_READ_ONLY=true hides the destructive tools; the others declare destructiveHint', async () => {
    h = await startHarness({ env: { K8S_READ_ONLY: 'true' } });
    const { tools } = await h.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'describe_resource',
      'get_pod_logs',
      'health_check',
      'list_deployments',
      'list_events',
      'list_namespaces',
      'list_pods',
    ]);
    const all = await startHarness();
    try {
      const listed = (await all.client.listTools()).tools;
      for (const name of ['scale_deployment', 'rollout_restart', 'delete_pod']) {
        expect(listed.find((t) => t.name === name)?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      }
    } finally {
      await all.close();
    }
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
