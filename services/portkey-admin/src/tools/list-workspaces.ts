import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { PortkeyAdminClient } from '../client.js';
import { listOf, workspacePayload } from '../models.js';
import { currentPageField, pageInfo, pageOutput, pageSizeField, READ, toWorkspace, UNTRUSTED, workspaceSummary } from '../outputs.js';

export const listWorkspaces = defineTool({
  name: 'list_workspaces',
  title: 'List workspaces',
  description: `Lists the organisation's workspaces (GET /admin/workspaces; needs an Admin API key with workspaces.list). name filters by a case-sensitive substring. Paged: current_page is 0-based. ${UNTRUSTED}`,
  input: z.object({
    name: z.string().max(200).optional().describe('Workspace name filter (case sensitive)'),
    current_page: currentPageField,
    page_size: pageSizeField(100, 50),
  }),
  output: z.object({ workspaces: z.array(workspaceSummary), ...pageOutput }),
  annotations: READ,
  render: (o) =>
    `${o.workspaces.length} workspaces${o.next_page === undefined ? '' : ` (more: current_page=${o.next_page})`}:\n${o.workspaces.map((w) => `- ${w.id}: ${w.name}`).join('\n')}`,
  handler: async ({ name, current_page, page_size }, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    const res = await client.get(
      '/admin/workspaces',
      { name, current_page, page_size },
      { schema: listOf(workspacePayload), signal, scope: 'workspaces.list' },
    );
    return { workspaces: res.data.map(toWorkspace), ...pageInfo(current_page, page_size, res.total, res.data.length) };
  },
});
