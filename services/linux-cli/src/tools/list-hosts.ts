import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { LinuxCliClient } from '../client.js';

const host = z.object({
  name: z.string(),
  kind: z.enum(['local', 'ssh']),
  address: z.string().optional(),
  username: z.string().optional(),
  roots: z.array(z.string()),
  allowShell: z.boolean(),
  hostKeyPinned: z.boolean().optional(),
});
type Host = z.infer<typeof host>;

export const listHosts = defineTool({
  name: 'list_hosts',
  title: 'List machines',
  description:
    'Lists the machines the other tools can target: "local" and the SSH hosts of LINUX_CLI_SSH_HOSTS, with their roots and whether validated pipelines are allowed. Never shows credentials.',
  input: z.object({}),
  output: z.object({ hosts: z.array(host) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async (_args, { client }: ToolContext<LinuxCliClient>) => {
    const hosts: Host[] = [{ name: 'local', kind: 'local', roots: await client.local.roots(), allowShell: client.local.allowShell }];
    for (const [name, config] of Object.entries(client.env.LINUX_CLI_SSH_HOSTS)) {
      hosts.push({
        name,
        kind: 'ssh',
        address: `${config.host}:${config.port}`,
        username: config.username,
        roots: config.roots,
        allowShell: client.target(name).allowShell,
        hostKeyPinned: Boolean(config.hostKeySha256 || config.knownHostsPath || client.env.LINUX_CLI_KNOWN_HOSTS),
      });
    }
    return { hosts };
  },
});
