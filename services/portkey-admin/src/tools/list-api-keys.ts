import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { PortkeyAdminClient } from '../client.js';
import { apiKeyPayload, listOf } from '../models.js';
import { apiKeySummary, currentPageField, pageInfo, pageOutput, pageSizeField, READ, toApiKey, UNTRUSTED } from '../outputs.js';

export const listApiKeys = defineTool({
  name: 'list_api_keys',
  title: 'List Portkey API keys and their scopes',
  description: `Lists Portkey API keys (GET /api-keys): type (organisation-service, workspace-service, workspace-user), status, scopes, limits, expiry. The key values are never returned. Filter by workspace with workspace_id; type filters the returned page. Paged: current_page is 0-based. ${UNTRUSTED}`,
  input: z.object({
    workspace_id: z.string().max(100).optional().describe('Workspace ID or slug; defaults to PORTKEY_ADMIN_WORKSPACE_ID, none lists organisation-wide'),
    type: z.enum(['organisation-service', 'workspace-service', 'workspace-user']).optional(),
    current_page: currentPageField,
    page_size: pageSizeField(100, 50),
  }),
  output: z.object({ api_keys: z.array(apiKeySummary), ...pageOutput }),
  annotations: READ,
  render: (o) =>
    `${o.api_keys.length} API keys (page ${o.current_page}${o.next_page === undefined ? '' : `, next ${o.next_page}`}):\n${o.api_keys.map((k) => `- ${k.name ?? k.id} [${k.type ?? '?'}, ${k.status ?? '?'}]: ${(k.scopes ?? []).join(', ')}`).join('\n')}`,
  handler: async ({ workspace_id, type, current_page, page_size }, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    const res = await client.get(
      '/api-keys',
      { workspace_id: client.workspace(workspace_id), current_page, page_size },
      { schema: listOf(apiKeyPayload), signal, scope: 'organisation_service_api_keys.list (or workspace_service_api_keys.list)' },
    );
    const keys = res.data.map(toApiKey).filter((k) => type === undefined || k.type === type);
    return { api_keys: keys, ...pageInfo(current_page, page_size, res.total, res.data.length) };
  },
});
