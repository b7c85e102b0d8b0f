import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { K8sClient } from '../client.js';
import { dryRunInput, nameInput, namespaceInput } from './shared.js';

export const deletePod = defineTool({
  name: 'delete_pod',
  title: 'Delete a pod',
  description:
    'Deletes a pod (graceful by default: its containers get gracePeriodSeconds to stop). A pod owned by a controller (ReplicaSet, StatefulSet, DaemonSet, Job) is recreated by it; a bare pod is gone for good. ' +
    'Destructive: the gateway asks a human first. dry_run validates without deleting.',
  input: z.object({
    namespace: namespaceInput,
    name: nameInput('pod'),
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(3_600)
      .optional()
      .describe('Seconds to let containers stop; 0 kills at once (default: the pod’s own setting)'),
    dry_run: dryRunInput,
  }),
  output: z.object({
    namespace: z.string(),
    name: z.string(),
    deleted: z.boolean(),
    dryRun: z.boolean(),
    ownerKind: z.string().optional().describe('The controller that will recreate the pod, if any'),
    ownerName: z.string().optional(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  render: (o) =>
    `${o.dryRun ? '[dry run] ' : ''}Deleted pod ${o.namespace}/${o.name}${o.ownerKind ? `; ${o.ownerKind} ${o.ownerName} will recreate it` : '; it has no controller and will not come back'}.`,
  handler: async (args, { client, signal }: ToolContext<K8sClient>) => {
    const namespace = client.namespaces.check(args.namespace);
    const pod = await client.call({ verb: 'delete', resource: 'pods', namespace, name: args.name }, signal, (a, o) =>
      a.core.deleteNamespacedPod({ name: args.name, namespace, gracePeriodSeconds: args.gracePeriodSeconds, ...(args.dry_run && { dryRun: 'All' }) }, o),
    );
    const owner = pod.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.metadata?.ownerReferences?.[0];
    return { namespace, name: args.name, deleted: true, dryRun: args.dry_run, ...(owner && { ownerKind: owner.kind, ownerName: owner.name }) };
  },
});
