import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { type K8sClient, whoami } from '../client.js';

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Check the Kubernetes connection',
  description:
    'Calls the cheapest Kubernetes endpoints (GET /version, then a SelfSubjectReview: who am I) to check that this service reaches the API server with working credentials. ' +
    'Returns ok, latency, the server version, the identity the credentials map to, the namespaces the allowlist permits and how requests travel. Call it first when other tools fail.',
  input: z.object({}),
  output: z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    serverVersion: z.string().optional(),
    identity: z.string().optional().describe('User or service account the API server sees'),
    groups: z.array(z.string()).optional(),
    context: z.string().optional(),
    allowedNamespaces: z.array(z.string()),
    defaultNamespace: z.string(),
    transport: z.enum(['runtime-pool', 'sdk-tls-agent']),
    error: z.string().optional().describe('Why the check failed, when ok is false'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) =>
    o.ok
      ? `Kubernetes ${o.serverVersion} answered in ${o.latencyMs} ms${o.identity ? ` as ${o.identity}` : ''}; allowed namespaces: ${o.allowedNamespaces.join(', ')}.`
      : `Kubernetes check failed after ${o.latencyMs} ms: ${o.error}`,
  handler: async (_args, { client, signal }: ToolContext<K8sClient>) => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    const base = {
      allowedNamespaces: [...client.namespaces.patterns],
      defaultNamespace: client.namespaces.defaultNamespace,
      transport: client.transport,
      ...(client.context && { context: client.context }),
    };
    try {
      const who = await whoami(client, signal);
      return {
        ok: true,
        latencyMs: latencyMs(),
        serverVersion: who.gitVersion,
        ...(who.username && { identity: who.username }),
        ...(who.groups && { groups: who.groups }),
        ...base,
      };
    } catch (error) {
      if (!isToolError(error)) throw error;
      return { ok: false, latencyMs: latencyMs(), error: error.toText(), ...base };
    }
  },
});
