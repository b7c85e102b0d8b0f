import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { PortkeyAdminClient } from '../client.js';
import { configDetailPayload, configVersionsPayload } from '../models.js';
import { READ } from '../outputs.js';

export const slugField = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a config slug such as pc-fallback-3a9e')
  .describe('Config slug, e.g. pc-fallback-3a9e (list_configs shows them)');

/** Config JSON as stored: versions keep it as a string. */
function asObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const version = z.object({
  version_id: z.string().optional(),
  name: z.string().optional(),
  status: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  updated_by: z.string().nullable().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});

export const getConfig = defineTool({
  name: 'get_config',
  title: 'Get a gateway config and its versions',
  description:
    'Reads a routing config: its JSON (targets, strategy, retry, cache…) via GET /configs/{slug} (scope configs.read), and its versions, newest first, via GET /configs/{slug}/versions. Call it before update_config to see what will change.',
  input: z.object({
    slug: slugField,
    versions: z.number().int().min(0).max(50).default(10).describe('How many versions to return (0 skips the call)'),
  }),
  output: z.object({
    slug: z.string(),
    name: z.string().optional(),
    status: z.string().nullable().optional(),
    config: z.record(z.string(), z.unknown()).optional().describe('The live config JSON'),
    versions: z.array(version),
    versions_total: z.number().optional().describe('All versions Portkey has; versions holds the newest ones'),
  }),
  annotations: READ,
  largeResult: true,
  handler: async ({ slug, versions: wanted }, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    const path = `/configs/${encodeURIComponent(slug)}`;
    const [detail, history] = await Promise.all([
      client.get(path, {}, { schema: configDetailPayload, signal, scope: 'configs.read' }),
      wanted === 0 ? undefined : client.get(`${path}/versions`, {}, { schema: configVersionsPayload, signal, scope: 'configs.read' }),
    ]);
    const versions = (history?.data ?? [])
      .slice()
      .sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')))
      .slice(0, wanted)
      .map((v) => ({
        version_id: v.version_id,
        name: v.name,
        status: v.status,
        created_at: v.created_at,
        updated_by: v.updated_by,
        config: asObject(v.config),
      }));
    const d = detail.data;
    return {
      slug: d.slug ?? slug,
      name: d.name,
      status: d.status,
      config: asObject(d.config),
      versions,
      versions_total: history ? (history.total ?? history.data.length) : undefined,
    };
  },
});
