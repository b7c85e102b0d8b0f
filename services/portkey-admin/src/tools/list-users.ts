import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { PortkeyAdminClient } from '../client.js';
import { listOf, userPayload } from '../models.js';
import { currentPageField, pageInfo, pageOutput, pageSizeField, READ, toUser, UNTRUSTED, userSummary } from '../outputs.js';

export const listUsers = defineTool({
  name: 'list_users',
  title: 'List organisation users',
  description: `Lists the organisation's users with their roles (GET /admin/users; needs an Admin API key with organisation_users.list). Filter by role or exact email. Paged: current_page is 0-based. ${UNTRUSTED}`,
  input: z.object({
    role: z.enum(['owner', 'admin', 'member']).optional(),
    email: z.email().optional(),
    current_page: currentPageField,
    page_size: pageSizeField(100, 50),
  }),
  output: z.object({ users: z.array(userSummary), ...pageOutput }),
  annotations: READ,
  render: (o) =>
    `${o.users.length} users${o.next_page === undefined ? '' : ` (more: current_page=${o.next_page})`}:\n${o.users.map((u) => `- ${u.email ?? u.id} [${u.role ?? '?'}]`).join('\n')}`,
  handler: async ({ role, email, current_page, page_size }, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    // This endpoint documents its paging parameters in camelCase (admin-openapi.yaml: /admin/users).
    const res = await client.get(
      '/admin/users',
      { role, email, currentPage: current_page, pageSize: page_size },
      { schema: listOf(userPayload), signal, scope: 'organisation_users.list' },
    );
    return { users: res.data.map(toUser), ...pageInfo(current_page, page_size, res.total, res.data.length) };
  },
});
