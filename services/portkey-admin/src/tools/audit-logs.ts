import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { PortkeyAdminClient } from '../client.js';
import { auditLogsPayload } from '../models.js';
import { auditRecord, currentPageField, pageInfo, pageOutput, pageSizeField, READ, toAuditRecord } from '../outputs.js';
import { checkTimeRange, isoDateTime } from '../time-range.js';

export const auditLogs = defineTool({
  name: 'audit_logs',
  title: 'Admin audit trail',
  description:
    'Who changed what in the Portkey organisation (GET /audit-logs; Admin API key): time, method, URI, action, resource type, status, user or API key, workspace, client IP. start_time and end_time are required (ISO 8601 with a zone); organisation_id defaults to PORTKEY_ADMIN_ORGANISATION_ID. Request bodies and headers are never returned (they can hold provider keys). Paged: current_page is 0-based, page_size at most 100.',
  input: z.object({
    start_time: isoDateTime('Start of the window (required)'),
    end_time: isoDateTime('End of the window (required)'),
    organisation_id: z.string().max(100).optional().describe('Organisation UUID; defaults to PORTKEY_ADMIN_ORGANISATION_ID'),
    method: z.enum(['POST', 'PUT', 'DELETE']).optional(),
    uri: z.string().max(500).optional().describe('URI path, e.g. /v1/configs'),
    resource_type: z.string().max(100).optional(),
    action: z.string().max(100).optional(),
    user_id: z.string().max(100).optional(),
    user_type: z.enum(['user', 'api_key']).optional(),
    workspace_id: z.string().max(100).optional(),
    response_status_code: z.number().int().min(100).max(599).optional(),
    request_id: z.string().max(200).optional(),
    current_page: currentPageField,
    page_size: pageSizeField(100, 50),
  }),
  output: z.object({ records: z.array(auditRecord), ...pageOutput }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    `${o.records.length} audit records${o.next_page === undefined ? '' : ` (more: current_page=${o.next_page})`}:\n${o.records.map((r) => `- ${r.timestamp} ${r.method ?? ''} ${r.uri ?? ''} → ${r.response_status_code ?? '?'} by ${r.user_type ?? '?'} ${r.user_id ?? ''}`).join('\n')}`,
  handler: async ({ start_time, end_time, organisation_id, current_page, page_size, ...filters }, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    checkTimeRange('start_time', start_time, 'end_time', end_time);
    const organisation = organisation_id ?? client.env.PORTKEY_ADMIN_ORGANISATION_ID;
    if (!organisation) throw new InvalidInputError('GET /audit-logs needs organisation_id: pass it or set PORTKEY_ADMIN_ORGANISATION_ID.');
    const res = await client.get(
      '/audit-logs',
      { start_time, end_time, organisation_id: organisation, ...filters, current_page, page_size },
      { schema: auditLogsPayload, signal, scope: 'audit_logs.list' },
    );
    return { records: res.records.map(toAuditRecord), ...pageInfo(current_page, page_size, res.total, res.records.length) };
  },
});
