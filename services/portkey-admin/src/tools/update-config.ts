import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { PortkeyAdminClient } from '../client.js';
import { configUpdatePayload } from '../models.js';
import { slugField } from './get-config.js';

/** Routing modes a config's strategy may use (portkey.ai/docs: Configs). */
const MODES = ['single', 'loadbalance', 'fallback', 'conditional'];

/** The structural mistakes that would break routing at once; Portkey validates the rest. */
function configProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (Object.keys(config).length === 0) problems.push('config is empty: send the complete config JSON (get_config shows the current one)');
  const strategy = config.strategy as { mode?: unknown } | undefined;
  if (strategy !== undefined && (typeof strategy !== 'object' || strategy === null || !MODES.includes(String(strategy.mode)))) {
    problems.push(`strategy.mode must be one of ${MODES.join(', ')}`);
  }
  if (config.targets !== undefined && (!Array.isArray(config.targets) || config.targets.length === 0)) problems.push('targets must be a non-empty array');
  if (strategy !== undefined && config.targets === undefined) problems.push('a strategy needs targets');
  return problems;
}

export const updateConfig = defineTool({
  name: 'update_config',
  title: 'Update a gateway config',
  description:
    'Changes a live routing config (PUT /configs/{slug}; scope configs.update): its name, its JSON (targets, strategy, fallbacks, retries, caching) and/or its status. Every request using the config follows the new routing at once, so this is destructive and needs approval through the gateway. Portkey keeps the previous version (get_config lists versions). Read the current config with get_config first and send the complete new JSON, not a diff.',
  input: z.object({
    slug: slugField,
    name: z.string().min(1).max(200).optional(),
    config: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('The complete new config JSON, e.g. {"strategy":{"mode":"fallback"},"targets":[{"virtual_key":"openai-prod"},{"virtual_key":"azure-backup"}]}'),
    status: z.enum(['active', 'archived']).optional(),
  }),
  output: z.object({ slug: z.string(), version_id: z.string().optional().describe('The new version Portkey created') }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  render: (o) => `Updated ${o.slug}${o.version_id ? `: new version ${o.version_id}` : ''}.`,
  handler: async ({ slug, name, config, status }, { client, signal }: ToolContext<PortkeyAdminClient>) => {
    if (name === undefined && config === undefined && status === undefined) throw new InvalidInputError('Pass at least one of name, config or status.');
    const problems = config ? configProblems(config) : [];
    if (problems.length > 0) throw new InvalidInputError(`The new config would break routing: ${problems.join('; ')}.`);
    const res = await client.put(
      `/configs/${encodeURIComponent(slug)}`,
      { name, config, status },
      { schema: configUpdatePayload, signal, scope: 'configs.update' },
    );
    return { slug, version_id: res.data?.version_id };
  },
});
