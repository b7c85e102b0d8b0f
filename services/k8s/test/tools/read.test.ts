import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY } from '../fake-apiserver.js';
import { errorCode, type Harness, startHarness, textOf } from '../harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('health_check', () => {
  it('reports the server version and the identity from a SelfSubjectReview, on the runtime pool', async () => {
    const result = await h.call('health_check');
    expect(result.structuredContent).toMatchObject({
      ok: true,
      serverVersion: 'v1.31.2',
      identity: IDENTITY,
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ops', 'system:authenticated'],
      transport: 'runtime-pool',
      defaultNamespace: 'default',
    });
    expect(h.api.upstream.requests.find((r) => r.path === '/version')?.headers.authorization).toBe('Bearer test-token');
  });
});

describe('list_namespaces', () => {
  it('shows only allowed namespaces and counts the hidden ones', async () => {
    const result = await h.call('list_namespaces');
    const out = result.structuredContent as { namespaces: Array<{ name: string; phase: string; createdAt: string }>; hiddenByAllowlist: number };
    expect(out.namespaces.map((n) => n.name)).toEqual(['default', 'restricted', 'team-a', 'team-b']);
    expect(out.namespaces[0]).toMatchObject({ phase: 'Active', createdAt: '2024-05-01T10:00:00.000Z' });
    expect(out.hiddenByAllowlist).toBe(1);
  });
});

describe('list_pods', () => {
  it('summarises pods like kubectl get pods, including a crash loop', async () => {
    const result = await h.call('list_pods', {});
    const pods = (result.structuredContent as { pods: Array<Record<string, unknown>> }).pods;
    expect(pods.map((p) => p.name)).toEqual(['web-7d9c6b5f4-abcde', 'web-7d9c6b5f4-fghij', 'sidecar-pod']);
    expect(pods[0]).toMatchObject({
      status: 'Running',
      ready: '1/1',
      restarts: 0,
      node: 'node-1',
      podIP: '10.244.1.23',
      ownerKind: 'ReplicaSet',
      ownerName: 'web-7d9c6b5f4',
    });
    expect(pods[1]).toMatchObject({
      status: 'CrashLoopBackOff',
      ready: '0/1',
      restarts: 5,
      containers: [{ name: 'web', state: 'waiting', reason: 'CrashLoopBackOff', lastTerminationReason: 'OOMKilled' }],
    });
    expect(textOf(result)).toContain('web-7d9c6b5f4-fghij  0/1  CrashLoopBackOff  restarts=5');
  });

  it('pages with limit and continue', async () => {
    const first = await h.call('list_pods', { namespace: 'default', limit: 2 });
    const out = first.structuredContent as { pods: unknown[]; continue: string; remainingItemCount: number };
    expect(out.pods).toHaveLength(2);
    expect(out.remainingItemCount).toBe(1);
    const second = await h.call('list_pods', { namespace: 'default', limit: 2, continue: out.continue });
    expect((second.structuredContent as { pods: Array<{ name: string }> }).pods.map((p) => p.name)).toEqual(['sidecar-pod']);
    expect((second.structuredContent as { continue?: string }).continue).toBeUndefined();
  });

  it('passes label selectors through', async () => {
    await h.call('list_pods', { labelSelector: 'app=web', fieldSelector: 'status.phase=Running' });
    expect(h.api.upstream.requests.at(-1)?.query).toMatchObject({ labelSelector: 'app=web', fieldSelector: 'status.phase=Running' });
  });

  it('an expired continue token says to list again (410 Gone)', async () => {
    const result = await h.call('list_pods', { continue: 'expired' });
    expect(errorCode(result)).toBe('invalid_input');
    expect(textOf(result)).toMatch(/410 Expired.*List again without continue/s);
  });

  it('refuses a namespace outside the allowlist without calling the API server', async () => {
    const before = h.api.upstream.requests.length;
    const result = await h.call('list_pods', { namespace: 'kube-system' });
    expect(errorCode(result)).toBe('forbidden');
    expect(textOf(result)).toMatch(/Namespace "kube-system" is not allowed for this service: K8S_ALLOWED_NAMESPACES allows default, team-\*/);
    expect(h.api.upstream.requests.length).toBe(before);
  });

  it('maps an RBAC refusal (403 Status) to forbidden with a kubectl auth can-i hint', async () => {
    const result = await h.call('list_pods', { namespace: 'restricted' });
    expect(errorCode(result)).toBe('forbidden');
    expect(textOf(result)).toMatch(/403 Forbidden to list pods in namespace "restricted": pods is forbidden: User "system:serviceaccount:ops:mcp-agent"/);
    expect(textOf(result)).toContain('kubectl auth can-i list pods -n restricted');
  });

  it('reports throttling (429) with the Retry-After wait', async () => {
    const result = await h.call('list_pods', { namespace: 'throttled' });
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 2 });
  });

  it('reports a 5xx and a malformed body as upstream errors', async () => {
    const broken = await h.call('list_pods', { namespace: 'broken' });
    expect(errorCode(broken)).toBe('upstream_error');
    expect(textOf(broken)).toContain('etcdserver: request timed out');
    const garbled = await h.call('list_pods', { namespace: 'garbled' });
    expect(errorCode(garbled)).toBe('upstream_error');
    expect(textOf(garbled)).toMatch(/malformed/);
  });
});

describe('get_pod_logs', () => {
  it('reads the tail of a container log', async () => {
    const result = await h.call('get_pod_logs', { pod: 'web-7d9c6b5f4-abcde', tailLines: 3 });
    expect(result.structuredContent).toMatchObject({
      pod: 'web-7d9c6b5f4-abcde',
      lines: 3,
      limitReached: false,
      log: 'current line 498\ncurrent line 499\ncurrent line 500\n',
    });
    expect(h.api.upstream.requests.at(-1)?.query).toMatchObject({ tailLines: '3', limitBytes: String(1024 * 1024) });
  });

  it('reads the previous instance and says when limitBytes cut the log', async () => {
    const result = await h.call('get_pod_logs', { pod: 'web-7d9c6b5f4-fghij', previous: true, tailLines: 500, limitBytes: 1024 });
    expect(result.structuredContent).toMatchObject({ bytes: 1024, limitReached: true });
    expect(String(result.structuredContent?.log)).toMatch(/^previous line 1\n/);
  });

  it('asks for the container when the pod has several', async () => {
    const result = await h.call('get_pod_logs', { pod: 'sidecar-pod' });
    expect(errorCode(result)).toBe('invalid_input');
    expect(textOf(result)).toContain('a container name must be specified for pod sidecar-pod, choose one of: [app proxy]');
    const ok = await h.call('get_pod_logs', { pod: 'sidecar-pod', container: 'proxy', tailLines: 1 });
    expect(ok.structuredContent).toMatchObject({ container: 'proxy', lines: 1 });
  });

  it('a missing pod is not_found', async () => {
    const result = await h.call('get_pod_logs', { pod: 'ghost' });
    expect(errorCode(result)).toBe('not_found');
    expect(textOf(result)).toContain('pods "ghost" not found');
  });

  it('hands a large log over in blocks', async () => {
    const big = await startHarness({ env: { MCP_LARGE_RESULT_BYTES: '2048' } });
    try {
      const result = await big.call('get_pod_logs', { pod: 'web-7d9c6b5f4-abcde', tailLines: 500 });
      expect(result.structuredContent).toMatchObject({ truncated: true, resource: { uri: expect.stringMatching(/^mcp-blocks:\/\//) } });
    } finally {
      await big.close();
    }
  });
});

describe('list_events', () => {
  it('lists events newest first, filtered by object and type', async () => {
    const all = await h.call('list_events', {});
    const events = (all.structuredContent as { events: Array<Record<string, unknown>> }).events;
    expect(events.map((e) => e.reason)).toEqual(['BackOff', 'ScalingReplicaSet', 'Pulled']);
    expect(events[0]).toMatchObject({ type: 'Warning', object: 'Pod/web-7d9c6b5f4-fghij', count: 5, lastSeen: '2024-05-01T10:30:00.000Z', source: 'kubelet' });
    const filtered = await h.call('list_events', { name: 'web', kind: 'Deployment', type: 'Normal' });
    expect(h.api.upstream.requests.at(-1)?.query.fieldSelector).toBe('involvedObject.name=web,involvedObject.kind=Deployment,type=Normal');
    expect((filtered.structuredContent as { events: unknown[] }).events).toHaveLength(1);
  });

  it('refuses a name that would add a selector clause', async () => {
    const result = await h.call('list_events', { name: 'web,type=Normal' });
    expect(result.isError).toBe(true);
  });
});

describe('list_deployments', () => {
  it('shows rollout status', async () => {
    const result = await h.call('list_deployments', {});
    const deployments = (result.structuredContent as { deployments: Array<Record<string, unknown>> }).deployments;
    expect(deployments[0]).toMatchObject({ name: 'web', replicas: 3, readyReplicas: 3, rolloutComplete: true, images: ['registry.example.com/web:1.4.2'] });
    expect(deployments[1]).toMatchObject({ name: 'api', replicas: 2, readyReplicas: 1, unavailableReplicas: 1, rolloutComplete: false });
    expect(deployments[1]?.conditions).toContainEqual({
      type: 'Available',
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });
  });
});

describe('describe_resource', () => {
  it('describes a pod with events, without literal env values', async () => {
    const result = await h.call('describe_resource', { kind: 'pod', name: 'web-7d9c6b5f4-fghij' });
    const out = result.structuredContent as { details: Record<string, unknown>; events: Array<{ reason: string }>; metadata: Record<string, unknown> };
    expect(out.details).toMatchObject({ status: 'CrashLoopBackOff', qosClass: 'Burstable', serviceAccount: 'default' });
    const [spec] = out.details.containerSpecs as Array<{ env: unknown[]; readinessProbe: string }>;
    expect(spec?.env).toEqual([
      { name: 'MODE', value: '(set, not shown)' },
      { name: 'DB_PASSWORD', from: 'secret db/password' },
    ]);
    expect(spec?.readinessProbe).toBe('http-get /healthz:80 delay=5s period=10s failure=3');
    expect(JSON.stringify(out)).not.toContain('production');
    expect(out.events.map((e) => e.reason)).toEqual(['BackOff']);
  });

  it('describes a deployment without the last-applied-configuration annotation', async () => {
    const result = await h.call('describe_resource', { kind: 'deployment', name: 'web' });
    const out = result.structuredContent as { kind: string; details: Record<string, unknown>; metadata: { annotations: Record<string, string> } };
    expect(out.kind).toBe('Deployment');
    expect(out.details).toMatchObject({ strategy: 'RollingUpdate', revision: '4', selector: { app: 'web' } });
    expect(out.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '4' });
  });

  it('describes a service', async () => {
    const result = await h.call('describe_resource', { kind: 'service', name: 'web', namespace: 'team-a' });
    expect((result.structuredContent as { details: unknown }).details).toMatchObject({
      type: 'ClusterIP',
      clusterIP: '10.96.12.34',
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    });
  });
});
