import { PatchStrategy } from '@kubernetes/client-node';
import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { K8sClient } from '../client.js';
import { dryRunInput, nameInput, namespaceInput } from './shared.js';

export const rolloutRestart = defineTool({
  name: 'rollout_restart',
  title: 'Restart a deployment’s pods (rollout restart)',
  description:
    'Does what kubectl rollout restart does: stamps the pod template with the annotation kubectl.kubernetes.io/restartedAt=<now> (strategic merge patch), so the deployment replaces every pod following its rollout strategy. ' +
    'Destructive: running pods are terminated; the gateway asks a human first. Follow progress with list_deployments or describe_resource. dry_run validates without changing anything.',
  input: z.object({ namespace: namespaceInput, name: nameInput('deployment'), dry_run: dryRunInput }),
  output: z.object({ namespace: z.string(), name: z.string(), restartedAt: z.string(), generation: z.number().optional(), dryRun: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  render: (o) =>
    `${o.dryRun ? '[dry run] ' : ''}Restarted deployment ${o.namespace}/${o.name} at ${o.restartedAt}${o.generation ? ` (generation ${o.generation})` : ''}.`,
  handler: async (args, { client, signal }: ToolContext<K8sClient>) => {
    const namespace = client.namespaces.check(args.namespace);
    const restartedAt = new Date().toISOString();
    const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } };
    const d = await client.call(
      { verb: 'patch', resource: 'deployments', namespace, name: args.name },
      signal,
      (a, o) => a.apps.patchNamespacedDeployment({ name: args.name, namespace, body, ...(args.dry_run && { dryRun: 'All' }), fieldManager: 'mcp-k8s' }, o),
      PatchStrategy.StrategicMergePatch,
    );
    return {
      namespace,
      name: args.name,
      restartedAt,
      ...(d.metadata?.generation !== undefined && { generation: d.metadata.generation }),
      dryRun: args.dry_run,
    };
  },
});
