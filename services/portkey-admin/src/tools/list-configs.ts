import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { PortkeyAdminClient } from '../client.js';
import { configListPayload } from '../models.js';
import { configSummary, READ, toConfig, UNTRUSTED } from '../outputs.js';

export const listConfigs = defineTool({
  name: 'list_configs',
  title: 'List gateway configs',
  description: `Lists the gateway routing configs (retries, fallbacks, load balancing, caching) of a workspace (GET /configs; scope configs.list). Use get_config for one config's JSON and versions. ${UNTRUSTED}`,
  input: z.object({
    workspace_id: z.string().max(100).optional().describe('Workspace ID or slug; defaults to PORTKEY_ADMIN_WORKSPACE_ID (org admin keys)'),
    status: z.enum(['active', 'archived', 'all']).default('active').describe('Filter on the status Portkey reports'),
  }),
  output: z.object({ configs: z.array(configSummary), total: z.number() }),
  annotations: READ,
  largeResult: true,
  render: (o) => `${o.total} configs:\n${o.configs.map((c) => `- ${c.slug}: ${c.name}${c.is_default ? ' (default)' : ''} [${c.status ?? '?'}]`).join('\n')}`,
  handler: async ({ workspace_id, status }, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    const res = await client.get('/configs', { workspace_id: client.workspace(workspace_id) }, { schema: configListPayload, signal, scope: 'configs.list' });
    const configs = res.data.map(toConfig).filter((c) => status === 'all' || (c.status ?? 'active') === status);
    return { configs, total: configs.length };
  },
});
