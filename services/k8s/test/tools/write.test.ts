import { afterEach, describe, expect, it } from 'vitest';
import { errorCode, type Harness, startHarness, textOf } from '../harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('scale_deployment', () => {
  it('merge-patches the scale subresource and reports previous and new replicas', async () => {
    h = await startHarness();
    const result = await h.call('scale_deployment', { name: 'web', replicas: 5 });
    expect(result.structuredContent).toEqual({ namespace: 'default', name: 'web', previousReplicas: 3, replicas: 5, dryRun: false });
    expect(h.api.state.patches[0]).toMatchObject({
      path: '/apis/apps/v1/namespaces/default/deployments/web/scale',
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 5 } },
    });
    expect(h.api.upstream.requests.at(-1)?.query).toMatchObject({ fieldManager: 'mcp-k8s' });
    expect(h.api.state.deployments.get('default/web')?.spec.replicas).toBe(5);
  });

  it('dry_run validates server-side without changing anything', async () => {
    h = await startHarness();
    const result = await h.call('scale_deployment', { name: 'web', replicas: 0, dry_run: true });
    expect(result.structuredContent).toMatchObject({ replicas: 0, dryRun: true });
    expect(textOf(result)).toMatch(/^\[dry run\]/);
    expect(h.api.state.patches[0]?.dryRun).toBe('All');
    expect(h.api.state.deployments.get('default/web')?.spec.replicas).toBe(3);
  });

  it('a missing deployment is not_found', async () => {
    h = await startHarness();
    const result = await h.call('scale_deployment', { name: 'ghost', replicas: 1 });
    expect(errorCode(result)).toBe('not_found');
    expect(textOf(result)).toContain('deployments.apps "ghost" not found');
  });

  it('refuses a namespace outside the allowlist before any call', async () => {
    h = await startHarness();
    const result = await h.call('scale_deployment', { namespace: 'kube-system', name: 'coredns', replicas: 0 });
    expect(errorCode(result)).toBe('forbidden');
    expect(h.api.upstream.requests).toHaveLength(0);
  });
});

describe('rollout_restart', () => {
  it('stamps the pod template with kubectl.kubernetes.io/restartedAt by strategic merge patch', async () => {
    h = await startHarness();
    const result = await h.call('rollout_restart', { name: 'web' });
    const out = result.structuredContent as { restartedAt: string; generation: number };
    expect(out.generation).toBe(3);
    expect(Date.parse(out.restartedAt)).not.toBeNaN();
    expect(h.api.state.patches[0]).toMatchObject({
      path: '/apis/apps/v1/namespaces/default/deployments/web',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': out.restartedAt } } } } },
    });
  });
});

describe('delete_pod', () => {
  it('deletes a pod, says its controller recreates it, and passes the grace period', async () => {
    h = await startHarness();
    const result = await h.call('delete_pod', { name: 'web-7d9c6b5f4-abcde', gracePeriodSeconds: 0 });
    expect(result.structuredContent).toEqual({
      namespace: 'default',
      name: 'web-7d9c6b5f4-abcde',
      deleted: true,
      dryRun: false,
      ownerKind: 'ReplicaSet',
      ownerName: 'web-7d9c6b5f4',
    });
    expect(h.api.upstream.requests.at(-1)).toMatchObject({ method: 'DELETE', query: { gracePeriodSeconds: '0' } });
    expect(h.api.state.pods.has('default/web-7d9c6b5f4-abcde')).toBe(false);
  });

  it('warns that a bare pod will not come back', async () => {
    h = await startHarness();
    const result = await h.call('delete_pod', { name: 'sidecar-pod', dry_run: true });
    expect(textOf(result)).toContain('it has no controller and will not come back');
    expect(h.api.state.pods.has('default/sidecar-pod')).toBe(true);
  });

  it('a second delete is not_found', async () => {
    h = await startHarness();
    await h.call('delete_pod', { name: 'web-7d9c6b5f4-abcde' });
    expect(errorCode(await h.call('delete_pod', { name: 'web-7d9c6b5f4-abcde' }))).toBe('not_found');
  });

  it('refuses a name that is not a DNS subdomain', async () => {
    h = await startHarness();
    const result = await h.call('delete_pod', { name: '../nodes/node-1' });
    expect(result.isError).toBe(true);
    expect(h.api.upstream.requests).toHaveLength(0);
  });
});
