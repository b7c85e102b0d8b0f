import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { PortkeyAdminClient } from '../client.js';
import { listOf, providerPayload } from '../models.js';
import { currentPageField, pageInfo, pageOutput, pageSizeField, providerSummary, READ, toProvider, UNTRUSTED } from '../outputs.js';

export const listProviders = defineTool({
  name: 'list_providers',
  title: 'List providers (AI provider credentials)',
  description: `Lists the providers of a workspace — the AI provider credentials with their usage and rate limits, which replace virtual keys (GET /providers). Org admin keys need a workspace (workspace_id or PORTKEY_ADMIN_WORKSPACE_ID). Paged: current_page is 0-based. Secrets are never returned by Portkey here. ${UNTRUSTED}`,
  input: z.object({
    workspace_id: z.string().max(100).optional().describe('Workspace ID or slug; defaults to PORTKEY_ADMIN_WORKSPACE_ID'),
    current_page: currentPageField,
    page_size: pageSizeField(100, 50),
  }),
  output: z.object({ providers: z.array(providerSummary), ...pageOutput }),
  annotations: READ,
  render: (o) =>
    `${o.providers.length} providers (page ${o.current_page}${o.total === undefined ? '' : ` of ${o.total} total`}${o.next_page === undefined ? '' : `, next ${o.next_page}`}):\n${o.providers.map((p) => `- ${p.slug}: ${p.name} [${p.status ?? '?'}]`).join('\n')}`,
  handler: async ({ workspace_id, current_page, page_size }, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    const res = await client.get(
      '/providers',
      { workspace_id: client.workspace(workspace_id), current_page, page_size },
      { schema: listOf(providerPayload), signal, scope: 'virtual_keys.list' },
    );
    return { providers: res.data.map(toProvider), ...pageInfo(current_page, page_size, res.total, res.data.length) };
  },
});
