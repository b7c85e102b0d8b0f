import type { CoreV1Event, V1Deployment, V1Namespace, V1Pod, V1Service } from '@kubernetes/client-node';
import * as z from 'zod';

/**
 * What tools return about Kubernetes objects: compact summaries of the SDK's
 * typed models (which parse timestamps into Date), never whole objects, never
 * Secret data or literal env values. Every string is cluster data, untrusted.
 */

/** Timestamps as ISO 8601 (the SDK gives Date objects; a fake or old server may give strings). */
export function iso(value: Date | string | undefined | null): string | undefined {
  if (!value) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export const clip = (text: string | undefined, max = 1_000): string | undefined =>
  text === undefined ? undefined : text.length > max ? `${text.slice(0, max - 1)}…` : text;

const containerSchema = z.object({
  name: z.string(),
  image: z.string().optional(),
  ready: z.boolean(),
  restartCount: z.number(),
  state: z.string().describe('running, waiting or terminated'),
  reason: z.string().optional().describe('e.g. CrashLoopBackOff, ImagePullBackOff, OOMKilled'),
  message: z.string().optional(),
  lastTerminationReason: z.string().optional(),
});

export const podSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  phase: z.string().optional().describe('Pending, Running, Succeeded, Failed, Unknown'),
  status: z.string().describe('What kubectl shows in STATUS: the phase, or a container reason such as CrashLoopBackOff, or Terminating'),
  ready: z.string().describe('ready containers / containers'),
  restarts: z.number(),
  node: z.string().optional(),
  podIP: z.string().optional(),
  createdAt: z.string().optional(),
  ownerKind: z.string().optional().describe('ReplicaSet, StatefulSet, Job…: a controller recreates a deleted pod'),
  ownerName: z.string().optional(),
  containers: z.array(containerSchema),
});

export type PodSummary = z.infer<typeof podSchema>;

export function podSummary(pod: V1Pod): PodSummary {
  const statuses = pod.status?.containerStatuses ?? [];
  const specs = pod.spec?.containers ?? [];
  const containers = specs.map((spec) => {
    const st = statuses.find((s) => s.name === spec.name);
    const state = st?.state?.running ? 'running' : st?.state?.terminated ? 'terminated' : 'waiting';
    const reason = st?.state?.waiting?.reason ?? st?.state?.terminated?.reason;
    const message = clip(st?.state?.waiting?.message ?? st?.state?.terminated?.message, 300);
    return {
      name: spec.name,
      ...(spec.image && { image: spec.image }),
      ready: st?.ready ?? false,
      restartCount: st?.restartCount ?? 0,
      state,
      ...(reason && { reason }),
      ...(message && { message }),
      ...(st?.lastState?.terminated?.reason && { lastTerminationReason: st.lastState.terminated.reason }),
    };
  });
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller) ?? pod.metadata?.ownerReferences?.[0];
  const problem = containers.find((c) => c.reason && c.state !== 'running')?.reason;
  const status = pod.metadata?.deletionTimestamp ? 'Terminating' : (problem ?? pod.status?.reason ?? pod.status?.phase ?? 'Unknown');
  const createdAt = iso(pod.metadata?.creationTimestamp);
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    ...(pod.status?.phase && { phase: pod.status.phase }),
    status,
    ready: `${containers.filter((c) => c.ready).length}/${containers.length}`,
    restarts: containers.reduce((n, c) => n + c.restartCount, 0),
    ...(pod.spec?.nodeName && { node: pod.spec.nodeName }),
    ...(pod.status?.podIP && { podIP: pod.status.podIP }),
    ...(createdAt && { createdAt }),
    ...(owner && { ownerKind: owner.kind, ownerName: owner.name }),
    containers,
  };
}

export const deploymentSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  replicas: z.number().describe('desired'),
  readyReplicas: z.number(),
  updatedReplicas: z.number(),
  availableReplicas: z.number(),
  unavailableReplicas: z.number(),
  rolloutComplete: z.boolean().describe('every replica updated, ready and available, and the controller has seen the latest spec'),
  paused: z.boolean(),
  images: z.array(z.string()),
  conditions: z.array(z.object({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional() })),
  createdAt: z.string().optional(),
});

export type DeploymentSummary = z.infer<typeof deploymentSchema>;

export function deploymentSummary(d: V1Deployment): DeploymentSummary {
  const desired = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  const updated = s.updatedReplicas ?? 0;
  const ready = s.readyReplicas ?? 0;
  const available = s.availableReplicas ?? 0;
  const observed = (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
  const createdAt = iso(d.metadata?.creationTimestamp);
  return {
    name: d.metadata?.name ?? '',
    namespace: d.metadata?.namespace ?? '',
    replicas: desired,
    readyReplicas: ready,
    updatedReplicas: updated,
    availableReplicas: available,
    unavailableReplicas: s.unavailableReplicas ?? 0,
    rolloutComplete: observed && updated === desired && ready === desired && available === desired && (s.replicas ?? 0) === desired,
    paused: d.spec?.paused ?? false,
    images: (d.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '').filter(Boolean),
    conditions: (s.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      ...(c.reason && { reason: c.reason }),
      ...(c.message && { message: clip(c.message, 300) }),
    })),
    ...(createdAt && { createdAt }),
  };
}

export const eventSchema = z.object({
  type: z.string().optional().describe('Normal or Warning'),
  reason: z.string().optional(),
  message: z.string().optional(),
  object: z.string().describe('Kind/name of the object the event is about'),
  count: z.number(),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
  source: z.string().optional(),
});

export type EventSummary = z.infer<typeof eventSchema>;

export function eventSummary(e: CoreV1Event): EventSummary {
  const lastSeen = iso(e.lastTimestamp) ?? iso(e.eventTime as Date | string | undefined) ?? iso(e.metadata?.creationTimestamp);
  const firstSeen = iso(e.firstTimestamp) ?? iso(e.eventTime as Date | string | undefined);
  const source = e.source?.component ?? e.reportingComponent;
  return {
    ...(e.type && { type: e.type }),
    ...(e.reason && { reason: e.reason }),
    ...(e.message && { message: clip(e.message, 500) }),
    object: `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`,
    count: e.count ?? e.series?.count ?? 1,
    ...(firstSeen && { firstSeen }),
    ...(lastSeen && { lastSeen }),
    ...(source && { source }),
  };
}

export const namespaceSchema = z.object({
  name: z.string(),
  phase: z.string().optional(),
  createdAt: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export function namespaceSummary(ns: V1Namespace): z.infer<typeof namespaceSchema> {
  const createdAt = iso(ns.metadata?.creationTimestamp);
  return {
    name: ns.metadata?.name ?? '',
    ...(ns.status?.phase && { phase: ns.status.phase }),
    ...(createdAt && { createdAt }),
    ...(ns.metadata?.labels && { labels: ns.metadata.labels }),
  };
}

export function serviceDetails(svc: V1Service): Record<string, unknown> {
  return {
    type: svc.spec?.type,
    clusterIP: svc.spec?.clusterIP,
    externalIPs: svc.spec?.externalIPs,
    loadBalancer: svc.status?.loadBalancer?.ingress?.map((i) => i.ip ?? i.hostname),
    selector: svc.spec?.selector,
    ports: svc.spec?.ports?.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol, nodePort: p.nodePort })),
    sessionAffinity: svc.spec?.sessionAffinity,
  };
}

/** Metadata worth showing: labels and annotations without the bulky last-applied configuration. */
export function metadataOf(meta: { labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: Date } | undefined) {
  const annotations = Object.fromEntries(
    Object.entries(meta?.annotations ?? {})
      .filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
      .map(([k, v]) => [k, clip(v, 300) ?? '']),
  );
  return {
    ...(iso(meta?.creationTimestamp) && { createdAt: iso(meta?.creationTimestamp) }),
    ...(meta?.labels && { labels: meta.labels }),
    ...(Object.keys(annotations).length > 0 && { annotations }),
  };
}
