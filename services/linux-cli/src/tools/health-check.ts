import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { type LinuxCliClient, probeTarget } from '../client.js';
import { hostInput } from '../models.js';

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Check a machine is reachable',
  description:
    'Checks that this service can work on a machine: the roots exist and `uname -sr` / `id -un` run there (over SSH with the pinned host key for a remote host). Returns ok, the latency in ms, the user@host identity, the kernel and the canonical roots. Call it first when other tools fail.',
  input: z.object({ host: hostInput }),
  output: z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    host: z.string(),
    identity: z.string().optional(),
    kernel: z.string().optional(),
    roots: z.array(z.string()).optional(),
    error: z.string().optional().describe('Why the check failed, when ok is false'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  render: (o) =>
    o.ok
      ? `${o.host} answered in ${o.latencyMs} ms as ${o.identity} (${o.kernel}); roots: ${o.roots?.join(', ')}.`
      : `${o.host} check failed after ${o.latencyMs} ms: ${o.error}`,
  handler: async ({ host }, { client, signal }: ToolContext<LinuxCliClient>) => {
    const on = client.target(host);
    const probe = await probeTarget(on, signal);
    return { host: on.name, ...probe };
  },
});
