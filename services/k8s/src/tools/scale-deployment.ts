import { PatchStrategy } from '@kubernetes/client-node';
import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { K8sClient } from '../client.js';
import { dryRunInput, nameInput, namespaceInput } from './shared.js';

export const scaleDeployment = defineTool({
  name: 'scale_deployment',
  title: 'Scale a deployment',
  description:
    'Sets the replica count of a deployment (PATCH of its scale subresource, merge patch {spec:{replicas}}), returning the previous and new counts. Scaling to 0 stops every pod. ' +
    'Destructive: the gateway asks a human first. dry_run validates without changing anything. A HorizontalPodAutoscaler on the deployment may override the count.',
  input: z.object({ namespace: namespaceInput, name: nameInput('deployment'), replicas: z.number().int().min(0).max(1_000), dry_run: dryRunInput }),
  output: z.object({ namespace: z.string(), name: z.string(), previousReplicas: z.number(), replicas: z.number(), dryRun: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  render: (o) => `${o.dryRun ? '[dry run] ' : ''}Scaled deployment ${o.namespace}/${o.name} from ${o.previousReplicas} to ${o.replicas} replicas.`,
  handler: async (args, { client, signal }: ToolContext<K8sClient>) => {
    const namespace = client.namespaces.check(args.namespace);
    const what = { verb: 'patch', resource: 'deployments/scale', namespace, name: args.name };
    const before = await client.call({ ...what, verb: 'get' }, signal, (a, o) => a.apps.readNamespacedDeploymentScale({ name: args.name, namespace }, o));
    const after = await client.call(
      what,
      signal,
      (a, o) =>
        a.apps.patchNamespacedDeploymentScale(
          { name: args.name, namespace, body: { spec: { replicas: args.replicas } }, ...(args.dry_run && { dryRun: 'All' }), fieldManager: 'mcp-k8s' },
          o,
        ),
      PatchStrategy.MergePatch,
    );
    return { namespace, name: args.name, previousReplicas: before.spec?.replicas ?? 0, replicas: after.spec?.replicas ?? args.replicas, dryRun: args.dry_run };
  },
});
