import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import { analyticsQuery, filterFields, GRAPHS, type Metric, timeRangeFields } from '../analytics.js';
import type { PortkeyAdminClient } from '../client.js';
import { analyticsGraphPayload } from '../models.js';
import { READ } from '../outputs.js';
import { checkTimeRange } from '../time-range.js';

const METRICS = Object.keys(GRAPHS) as [Metric, ...Metric[]];

export const analytics = defineTool({
  name: 'analytics',
  title: 'Gateway analytics time series',
  description: `Time series of gateway traffic for a time window (GET /analytics/graphs/{metric}; cache_summary uses /analytics/summary/cache): ${METRICS.join(', ')}. time_of_generation_min and time_of_generation_max are required (ISO 8601 with a zone). Costs are in cents, latencies in ms. Filter by workspace, providers/virtual keys, configs, API keys, models, status codes or metadata. Returns a summary and the data points Portkey buckets by time.`,
  input: z.object({ metric: z.enum(METRICS), ...timeRangeFields, ...filterFields }),
  output: z.object({
    metric: z.string(),
    endpoint: z.string(),
    units: z.string(),
    time_range: z.object({ min: z.string(), max: z.string(), days: z.number() }),
    workspace_slug: z.string().optional(),
    summary: z.record(z.string(), z.unknown()),
    data_points: z.array(z.record(z.string(), z.unknown())),
  }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    `${o.metric} from ${o.time_range.min} to ${o.time_range.max} (${o.units}): summary ${JSON.stringify(o.summary)}; ${o.data_points.length} data points\n${o.data_points.map((p) => JSON.stringify(p)).join('\n')}`,
  handler: async (args, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    const days = checkTimeRange('time_of_generation_min', args.time_of_generation_min, 'time_of_generation_max', args.time_of_generation_max);
    const { path, units } = GRAPHS[args.metric];
    const workspace = args.workspace_slug ?? client.env.PORTKEY_ADMIN_WORKSPACE_ID;
    const res = await client.get(path, analyticsQuery(args, workspace), { schema: analyticsGraphPayload, signal, scope: 'analytics.view' });
    return {
      metric: args.metric,
      endpoint: path,
      units,
      time_range: { min: args.time_of_generation_min, max: args.time_of_generation_max, days: Math.round(days * 100) / 100 },
      workspace_slug: workspace,
      summary: res.summary,
      data_points: res.data_points ?? [],
    };
  },
});
