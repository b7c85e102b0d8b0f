/**
 * Kubernetes objects as the API server serialises them (core/v1 Pod, apps/v1
 * Deployment, autoscaling/v1 Scale, core/v1 Event, meta/v1 Status…), used by
 * the fake API server. Field names and nesting follow the API reference.
 */
const T0 = '2024-05-01T10:00:00Z';

export function pod(namespace: string, name: string, opts: { crash?: boolean; containers?: string[]; owner?: string | null; node?: string } = {}) {
  const containers = opts.containers ?? ['web'];
  const owner = opts.owner === undefined ? name.replace(/-[a-z0-9]{5}$/, '') : opts.owner;
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      generateName: owner ? `${owner}-` : undefined,
      namespace,
      uid: `uid-${name}`,
      resourceVersion: '4711',
      creationTimestamp: T0,
      labels: { app: 'web', 'pod-template-hash': '7d9c6b5f4' },
      ...(owner && {
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `uid-${owner}`, controller: true, blockOwnerDeletion: true }],
      }),
    },
    spec: {
      containers: containers.map((c) => ({
        name: c,
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [
          { name: 'MODE', value: 'production' },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        ],
        resources: { limits: { memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
        readinessProbe: {
          httpGet: { path: '/healthz', port: 80, scheme: 'HTTP' },
          initialDelaySeconds: 5,
          periodSeconds: 10,
          failureThreshold: 3,
          timeoutSeconds: 1,
          successThreshold: 1,
        },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      })),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      nodeName: opts.node ?? 'node-1',
      schedulerName: 'default-scheduler',
      volumes: [{ name: 'kube-api-access-x', projected: { sources: [], defaultMode: 420 } }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: opts.crash ? 'False' : 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T10:00:05Z' }],
      hostIP: '10.0.0.11',
      podIP: '10.244.1.23',
      startTime: T0,
      qosClass: 'Burstable',
      containerStatuses: containers.map((c) =>
        opts.crash
          ? {
              name: c,
              state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c} pod=${name}` } },
              lastState: {
                terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: T0, finishedAt: '2024-05-01T10:05:00Z', containerID: 'containerd://abc' },
              },
              ready: false,
              restartCount: 5,
              image: 'docker.io/library/nginx:1.27',
              imageID: 'docker.io/library/nginx@sha256:0000',
              containerID: 'containerd://abc',
              started: false,
            }
          : {
              name: c,
              state: { running: { startedAt: '2024-05-01T10:00:03Z' } },
              lastState: {},
              ready: true,
              restartCount: 0,
              image: 'docker.io/library/nginx:1.27',
              imageID: 'docker.io/library/nginx@sha256:0000',
              containerID: 'containerd://def',
              started: true,
            },
      ),
    },
  };
}

export function deployment(namespace: string, name: string, opts: { replicas: number; ready: number; generation?: number } = { replicas: 3, ready: 3 }) {
  const generation = opts.generation ?? 2;
  const progressing = opts.ready < opts.replicas;
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      resourceVersion: '9000',
      generation,
      creationTimestamp: T0,
      labels: { app: name },
      annotations: {
        'deployment.kubernetes.io/revision': '4',
        'kubectl.kubernetes.io/last-applied-configuration': `{"apiVersion":"apps/v1","kind":"Deployment"${' '.repeat(2000)}}`,
      },
    },
    spec: {
      replicas: opts.replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: name } },
        spec: {
          containers: [
            {
              name,
              image: `registry.example.com/${name}:1.4.2`,
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              imagePullPolicy: 'IfNotPresent',
            },
          ],
          restartPolicy: 'Always',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: generation,
      replicas: opts.replicas,
      updatedReplicas: opts.replicas,
      readyReplicas: opts.ready,
      availableReplicas: opts.ready,
      ...(progressing && { unavailableReplicas: opts.replicas - opts.ready }),
      conditions: [
        {
          type: 'Available',
          status: progressing ? 'False' : 'True',
          lastUpdateTime: T0,
          lastTransitionTime: T0,
          reason: progressing ? 'MinimumReplicasUnavailable' : 'MinimumReplicasAvailable',
          message: progressing ? 'Deployment does not have minimum availability.' : 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: T0,
          lastTransitionTime: T0,
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${name}-7d9c6b5f4" has successfully progressed.`,
        },
      ],
    },
  };
}

export function scale(namespace: string, name: string, replicas: number, current: number) {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: '9001', creationTimestamp: T0 },
    spec: { replicas },
    status: { replicas: current, selector: `app=${name}` },
  };
}

export function event(
  namespace: string,
  n: number,
  kind: string,
  name: string,
  reason: string,
  type: 'Normal' | 'Warning',
  message: string,
  lastTimestamp: string,
) {
  return {
    metadata: { name: `${name}.17c${n}`, namespace, uid: `uid-ev-${n}`, resourceVersion: String(100 + n), creationTimestamp: lastTimestamp },
    involvedObject: { kind, namespace, name, uid: `uid-${name}`, apiVersion: 'v1', resourceVersion: '4711', fieldPath: 'spec.containers{web}' },
    reason,
    message,
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2024-05-01T10:00:00Z',
    lastTimestamp,
    count: n,
    type,
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  };
}

export function service(namespace: string, name: string) {
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name, namespace, uid: `uid-svc-${name}`, resourceVersion: '77', creationTimestamp: T0, labels: { app: name } },
    spec: {
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
      selector: { app: name },
      clusterIP: '10.96.12.34',
      clusterIPs: ['10.96.12.34'],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

export function namespace(name: string) {
  return {
    metadata: { name, uid: `uid-ns-${name}`, resourceVersion: '1', creationTimestamp: T0, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function list(kind: string, apiVersion: string, items: unknown[], meta: { continue?: string; remainingItemCount?: number } = {}) {
  return { kind, apiVersion, metadata: { resourceVersion: '123456', ...meta }, items };
}

/** A meta/v1 Status, the body of every API error. */
export function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details && { details }), code };
}
