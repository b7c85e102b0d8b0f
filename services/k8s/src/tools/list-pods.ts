import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { K8sClient } from '../client.js';
import { podSchema, podSummary } from '../models.js';
import { listInput, namespaceInput, pageOf, pageOutput } from './shared.js';

export const listPods = defineTool({
  name: 'list_pods',
  title: 'List pods',
  description:
    'Lists the pods of a namespace with what kubectl get pods shows: status (phase or a reason such as CrashLoopBackOff), ready containers, restarts, node, IP, owner, and per container the image, state and last termination reason. ' +
    'Filter with labelSelector (app=web) and fieldSelector (status.phase=Running, spec.nodeName=node-1). Pages with limit and continue.',
  input: z.object({
    namespace: namespaceInput,
    ...listInput,
    fieldSelector: z.string().max(1_000).optional().describe('e.g. status.phase!=Running'),
  }),
  output: z.object({ namespace: z.string(), pods: z.array(podSchema), ...pageOutput }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  largeResult: true,
  render: (o) =>
    `${o.pods.length} pods in ${o.namespace}${o.continue ? ' (more with continue)' : ''}:\n${o.pods.map((p) => `${p.name}  ${p.ready}  ${p.status}  restarts=${p.restarts}${p.node ? `  ${p.node}` : ''}`).join('\n')}`,
  handler: async (args, { client, signal }: ToolContext<K8sClient>) => {
    const namespace = client.namespaces.check(args.namespace);
    const list = await client.call({ verb: 'list', resource: 'pods', namespace }, signal, (a, o) =>
      a.core.listNamespacedPod(
        { namespace, labelSelector: args.labelSelector, fieldSelector: args.fieldSelector, limit: args.limit, _continue: args.continue },
        o,
      ),
    );
    return { namespace, pods: list.items.map(podSummary), ...pageOf(list.metadata) };
  },
});
