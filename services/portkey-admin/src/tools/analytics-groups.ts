import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { analyticsQuery, filterFields, timeRangeFields } from '../analytics.js';
import type { PortkeyAdminClient } from '../client.js';
import { analyticsGroupsPayload } from '../models.js';
import { currentPageField, pageInfo, pageOutput, pageSizeField, READ, UNTRUSTED } from '../outputs.js';
import { checkTimeRange } from '../time-range.js';

export const analyticsGroups = defineTool({
  name: 'analytics_groups',
  title: 'Gateway analytics grouped by user, model or metadata',
  description: `Requests, cost (cents) and feedback grouped by end user (the _user metadata), AI model, or any metadata key, over a required time window (GET /analytics/groups/users | ai-models | metadata/{key}). Paged: current_page is 0-based. ${UNTRUSTED}`,
  input: z.object({
    group_by: z.enum(['users', 'ai_models', 'metadata']),
    metadata_key: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_.-]+$/)
      .optional()
      .describe('The metadata key to group by (group_by=metadata), e.g. env'),
    ...timeRangeFields,
    ...filterFields,
    current_page: currentPageField,
    page_size: pageSizeField(100, 50),
  }),
  output: z.object({ group_by: z.string(), endpoint: z.string(), groups: z.array(z.record(z.string(), z.unknown())), ...pageOutput }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    `${o.groups.length} groups by ${o.group_by}${o.next_page === undefined ? '' : ` (more: current_page=${o.next_page})`}:\n${o.groups.map((g) => JSON.stringify(g)).join('\n')}`,
  handler: async (args, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    checkTimeRange('time_of_generation_min', args.time_of_generation_min, 'time_of_generation_max', args.time_of_generation_max);
    if (args.group_by === 'metadata' && !args.metadata_key)
      throw new InvalidInputError('group_by=metadata needs metadata_key (the metadata field to group by).');
    const path =
      args.group_by === 'users'
        ? '/analytics/groups/users'
        : args.group_by === 'ai_models'
          ? '/analytics/groups/ai-models'
          : `/analytics/groups/metadata/${encodeURIComponent(args.metadata_key ?? '')}`;
    const query = {
      ...analyticsQuery(args, args.workspace_slug ?? client.env.PORTKEY_ADMIN_WORKSPACE_ID),
      current_page: args.current_page,
      page_size: args.page_size,
    };
    const res = await client.get(path, query, { schema: analyticsGroupsPayload, signal, scope: 'analytics.view' });
    const groups = res.data.map(({ object: _object, ...rest }) => rest);
    return { group_by: args.group_by, endpoint: path, groups, ...pageInfo(args.current_page, args.page_size, res.total, res.data.length) };
  },
});
