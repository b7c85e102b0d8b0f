import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { K8sClient } from '../client.js';
import { namespaceSchema, namespaceSummary } from '../models.js';
import { listInput, pageOf, pageOutput } from './shared.js';

export const listNamespaces = defineTool({
  name: 'list_namespaces',
  title: 'List namespaces',
  description:
    'Lists the namespaces this service may use: the cluster’s namespaces filtered by the allowlist (K8S_ALLOWED_NAMESPACES), with phase, creation time and labels. ' +
    'Namespaces outside the allowlist are not shown, only counted. Pages with limit and continue.',
  input: z.object(listInput),
  output: z.object({ namespaces: z.array(namespaceSchema), hiddenByAllowlist: z.number(), allowlist: z.array(z.string()), ...pageOutput }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) =>
    `${o.namespaces.length} namespaces${o.hiddenByAllowlist ? ` (${o.hiddenByAllowlist} outside the allowlist hidden)` : ''}${o.continue ? '; more with continue' : ''}: ${o.namespaces.map((n) => n.name).join(', ')}`,
  handler: async (args, { client, signal }: ToolContext<K8sClient>) => {
    const list = await client.call({ verb: 'list', resource: 'namespaces' }, signal, (a, o) =>
      a.core.listNamespace({ labelSelector: args.labelSelector, limit: args.limit, _continue: args.continue }, o),
    );
    const all = list.items.map(namespaceSummary);
    const namespaces = all.filter((n) => client.namespaces.allows(n.name));
    return { namespaces, hiddenByAllowlist: all.length - namespaces.length, allowlist: [...client.namespaces.patterns], ...pageOf(list.metadata) };
  },
});
