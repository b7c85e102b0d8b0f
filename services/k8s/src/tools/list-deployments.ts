import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { K8sClient } from '../client.js';
import { deploymentSchema, deploymentSummary } from '../models.js';
import { listInput, namespaceInput, pageOf, pageOutput } from './shared.js';

export const listDeployments = defineTool({
  name: 'list_deployments',
  title: 'List deployments and their rollout status',
  description:
    'Lists the deployments of a namespace with desired/ready/updated/available replicas, whether the rollout is complete, paused, images and conditions (Available, Progressing with reasons such as ProgressDeadlineExceeded). ' +
    'Filter with labelSelector; pages with limit and continue.',
  input: z.object({ namespace: namespaceInput, ...listInput }),
  output: z.object({ namespace: z.string(), deployments: z.array(deploymentSchema), ...pageOutput }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  largeResult: true,
  render: (o) =>
    `${o.deployments.length} deployments in ${o.namespace}:\n${o.deployments.map((d) => `${d.name}  ${d.readyReplicas}/${d.replicas} ready  ${d.rolloutComplete ? 'rolled out' : 'rolling out'}${d.paused ? '  paused' : ''}`).join('\n')}`,
  handler: async (args, { client, signal }: ToolContext<K8sClient>) => {
    const namespace = client.namespaces.check(args.namespace);
    const list = await client.call({ verb: 'list', resource: 'deployments', namespace }, signal, (a, o) =>
      a.apps.listNamespacedDeployment({ namespace, labelSelector: args.labelSelector, limit: args.limit, _continue: args.continue }, o),
    );
    return { namespace, deployments: list.items.map(deploymentSummary), ...pageOf(list.metadata) };
  },
});
