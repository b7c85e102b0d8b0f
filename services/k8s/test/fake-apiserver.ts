import { type FakeUpstream, startFakeUpstream } from '@mcp/testing';
import type { Context } from 'hono';
import { deployment, event, list, namespace, pod, scale, service, status } from './fixtures.js';

/**
 * A fake Kubernetes API server on 127.0.0.1: a Hono app serving the API's JSON
 * shapes (lists with metadata.continue, Status errors with reason and code),
 * bearer-token authentication, limit/continue paging, RBAC refusals, throttling
 * (429 + Retry-After) and the content types PATCH requires.
 */
export const TOKEN = 'test-token';
export const IDENTITY = 'system:serviceaccount:ops:mcp-agent';

export interface FakeApiServer {
  upstream: FakeUpstream;
  state: {
    pods: Map<string, ReturnType<typeof pod>>;
    deployments: Map<string, ReturnType<typeof deployment>>;
    scales: Map<string, number>;
    patches: Array<{ path: string; contentType: string; body: unknown; dryRun?: string }>;
  };
  close(): Promise<void>;
}

const key = (ns: string, name: string) => `${ns}/${name}`;

function page<T>(c: Context, items: T[]): { items: T[]; meta: { continue?: string; remainingItemCount?: number } } | Response {
  const limit = Number(c.req.query('limit') ?? 0) || items.length || 1;
  const token = c.req.query('continue');
  if (token === 'expired')
    return c.json(
      status(
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      ),
      410,
    );
  const offset = token ? Number(Buffer.from(token, 'base64').toString()) : 0;
  const slice = items.slice(offset, offset + limit);
  const rest = items.length - offset - slice.length;
  return { items: slice, meta: rest > 0 ? { continue: Buffer.from(String(offset + limit)).toString('base64'), remainingItemCount: rest } : {} };
}

export async function startApiServer(): Promise<FakeApiServer> {
  const pods = new Map<string, ReturnType<typeof pod>>();
  for (const p of [
    pod('default', 'web-7d9c6b5f4-abcde'),
    pod('default', 'web-7d9c6b5f4-fghij', { crash: true }),
    pod('default', 'sidecar-pod', { containers: ['app', 'proxy'], owner: null }),
    pod('team-a', 'api-5c6d7e8f9-aaaaa'),
    pod('kube-system', 'coredns-abc12-zzzzz'),
  ])
    pods.set(key(p.metadata.namespace, p.metadata.name), p);
  const deployments = new Map<string, ReturnType<typeof deployment>>();
  deployments.set(key('default', 'web'), deployment('default', 'web', { replicas: 3, ready: 3 }));
  deployments.set(key('default', 'api'), deployment('default', 'api', { replicas: 2, ready: 1 }));
  const scales = new Map<string, number>([[key('default', 'web'), 3]]);
  const patches: FakeApiServer['state']['patches'] = [];

  const upstream = await startFakeUpstream((app) => {
    app.use('*', async (c, next) => {
      if (c.req.header('authorization') !== `Bearer ${TOKEN}`) return c.json(status(401, 'Unauthorized', 'Unauthorized'), 401);
      const ns = c.req.path.match(/\/namespaces\/([^/]+)\//)?.[1];
      if (ns === 'restricted') {
        const resource = c.req.path.split('/').at(-1);
        return c.json(
          status(
            403,
            'Forbidden',
            `${resource} is forbidden: User "${IDENTITY}" cannot list resource "${resource}" in API group "" in the namespace "restricted"`,
            { kind: resource },
          ),
          403,
        );
      }
      if (ns === 'throttled')
        return c.json(status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 2 }), 429, { 'retry-after': '2' });
      if (ns === 'broken') return c.json(status(500, 'InternalError', 'Internal error occurred: etcdserver: request timed out'), 500);
      if (ns === 'garbled') return c.body('{"kind":"PodList","items":[', 200, { 'content-type': 'application/json' });
      await next();
    });

    app.get('/version', (c) =>
      c.json({
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.2',
        gitCommit: '5864a4677267e6adeae276ad85882a8714d69d9d',
        gitTreeState: 'clean',
        buildDate: '2024-10-22T20:28:14Z',
        goVersion: 'go1.22.8',
        compiler: 'gc',
        platform: 'linux/amd64',
      }),
    );
    app.post('/apis/authentication.k8s.io/v1/selfsubjectreviews', (c) =>
      c.json(
        {
          kind: 'SelfSubjectReview',
          apiVersion: 'authentication.k8s.io/v1',
          metadata: { creationTimestamp: null },
          status: { userInfo: { username: IDENTITY, uid: 'uid-sa', groups: ['system:serviceaccounts', 'system:serviceaccounts:ops', 'system:authenticated'] } },
        },
        201,
      ),
    );
    app.get('/api/v1/namespaces', (c) => {
      const p = page(c, ['default', 'kube-system', 'restricted', 'team-a', 'team-b'].map(namespace));
      return p instanceof Response ? p : c.json(list('NamespaceList', 'v1', p.items, p.meta));
    });
    app.get('/api/v1/namespaces/:ns/pods', (c) => {
      const all = [...pods.values()].filter((p) => p.metadata.namespace === c.req.param('ns'));
      const selector = c.req.query('labelSelector');
      const filtered = selector
        ? all.filter((p) => selector.split(',').every((kv) => (p.metadata.labels as Record<string, string>)[kv.split('=')[0] ?? ''] === kv.split('=')[1]))
        : all;
      const p = page(c, filtered);
      return p instanceof Response ? p : c.json(list('PodList', 'v1', p.items, p.meta));
    });
    app.get('/api/v1/namespaces/:ns/pods/:name', (c) => {
      const found = pods.get(key(c.req.param('ns'), c.req.param('name')));
      return found
        ? c.json(found)
        : c.json(status(404, 'NotFound', `pods "${c.req.param('name')}" not found`, { name: c.req.param('name'), kind: 'pods' }), 404);
    });
    app.get('/api/v1/namespaces/:ns/pods/:name/log', (c) => {
      const found = pods.get(key(c.req.param('ns'), c.req.param('name')));
      if (!found) return c.json(status(404, 'NotFound', `pods "${c.req.param('name')}" not found`, { name: c.req.param('name'), kind: 'pods' }), 404);
      const names = found.spec.containers.map((x) => x.name);
      const container = c.req.query('container');
      if (!container && names.length > 1) {
        return c.json(status(400, 'BadRequest', `a container name must be specified for pod ${found.metadata.name}, choose one of: [${names.join(' ')}]`), 400);
      }
      const prefix = c.req.query('previous') === 'true' ? 'previous' : 'current';
      let lines = Array.from({ length: 500 }, (_, i) => `${prefix} line ${i + 1}`);
      const tail = Number(c.req.query('tailLines') ?? 0);
      if (tail) lines = lines.slice(-tail);
      let text = `${lines.join('\n')}\n`;
      const limit = Number(c.req.query('limitBytes') ?? 0);
      if (limit) text = text.slice(0, limit);
      return c.text(text);
    });
    app.delete('/api/v1/namespaces/:ns/pods/:name', (c) => {
      const k = key(c.req.param('ns'), c.req.param('name'));
      const found = pods.get(k);
      if (!found) return c.json(status(404, 'NotFound', `pods "${c.req.param('name')}" not found`, { name: c.req.param('name'), kind: 'pods' }), 404);
      if (c.req.query('dryRun') !== 'All') pods.delete(k);
      return c.json({
        ...found,
        metadata: { ...found.metadata, deletionTimestamp: '2024-05-01T11:00:00Z', deletionGracePeriodSeconds: Number(c.req.query('gracePeriodSeconds') ?? 30) },
      });
    });
    app.get('/api/v1/namespaces/:ns/events', (c) => {
      const ns = c.req.param('ns');
      let items = [
        event(
          ns,
          5,
          'Pod',
          'web-7d9c6b5f4-fghij',
          'BackOff',
          'Warning',
          'Back-off restarting failed container web in pod web-7d9c6b5f4-fghij',
          '2024-05-01T10:30:00Z',
        ),
        event(ns, 1, 'Pod', 'web-7d9c6b5f4-abcde', 'Pulled', 'Normal', 'Container image "nginx:1.27" already present on machine', '2024-05-01T10:00:02Z'),
        event(ns, 2, 'Deployment', 'web', 'ScalingReplicaSet', 'Normal', 'Scaled up replica set web-7d9c6b5f4 to 3', '2024-05-01T10:20:00Z'),
      ];
      for (const clause of (c.req.query('fieldSelector') ?? '').split(',').filter(Boolean)) {
        const [field, value] = clause.split('=');
        items = items.filter(
          (e) => (field === 'involvedObject.name' ? e.involvedObject.name : field === 'involvedObject.kind' ? e.involvedObject.kind : e.type) === value,
        );
      }
      return c.json(list('EventList', 'v1', items));
    });
    app.get('/api/v1/namespaces/:ns/services/:name', (c) =>
      c.req.param('name') === 'web'
        ? c.json(service(c.req.param('ns'), 'web'))
        : c.json(status(404, 'NotFound', `services "${c.req.param('name')}" not found`), 404),
    );
    app.get('/apis/apps/v1/namespaces/:ns/deployments', (c) => {
      const p = page(
        c,
        [...deployments.values()].filter((d) => d.metadata.namespace === c.req.param('ns')),
      );
      return p instanceof Response ? p : c.json(list('DeploymentList', 'apps/v1', p.items, p.meta));
    });
    const deploymentOr404 = (c: Context) => {
      const found = deployments.get(key(c.req.param('ns') ?? '', c.req.param('name') ?? ''));
      return (
        found ??
        c.json(
          status(404, 'NotFound', `deployments.apps "${c.req.param('name')}" not found`, { name: c.req.param('name'), group: 'apps', kind: 'deployments' }),
          404,
        )
      );
    };
    app.get('/apis/apps/v1/namespaces/:ns/deployments/:name', (c) => {
      const d = deploymentOr404(c);
      return d instanceof Response ? d : c.json(d);
    });
    app.get('/apis/apps/v1/namespaces/:ns/deployments/:name/scale', (c) => {
      const d = deploymentOr404(c);
      return d instanceof Response ? d : c.json(scale(d.metadata.namespace, d.metadata.name, d.spec.replicas, d.status.replicas));
    });
    const patch = (expected: string, apply: (d: ReturnType<typeof deployment>, body: Record<string, unknown>) => unknown) => async (c: Context) => {
      const contentType = c.req.header('content-type') ?? '';
      if (!contentType.startsWith(expected))
        return c.json(status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${expected}`), 415);
      const d = deploymentOr404(c);
      if (d instanceof Response) return d;
      const body = (await c.req.json()) as Record<string, unknown>;
      const dryRun = c.req.query('dryRun');
      patches.push({ path: c.req.path, contentType, body, ...(dryRun && { dryRun }) });
      const copy = structuredClone(d);
      const result = apply(copy, body);
      if (!dryRun) deployments.set(key(d.metadata.namespace, d.metadata.name), copy);
      return c.json(result);
    };
    app.patch(
      '/apis/apps/v1/namespaces/:ns/deployments/:name/scale',
      patch('application/merge-patch+json', (d, body) => {
        d.spec.replicas = (body.spec as { replicas: number }).replicas;
        return scale(d.metadata.namespace, d.metadata.name, d.spec.replicas, d.status.replicas);
      }),
    );
    app.patch(
      '/apis/apps/v1/namespaces/:ns/deployments/:name',
      patch('application/strategic-merge-patch+json', (d, body) => {
        const annotations = (body as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec.template.metadata.annotations;
        (d.spec.template.metadata as Record<string, unknown>).annotations = annotations;
        d.metadata.generation += 1;
        return d;
      }),
    );
  });

  return { upstream, state: { pods, deployments, scales, patches }, close: () => upstream.close() };
}
