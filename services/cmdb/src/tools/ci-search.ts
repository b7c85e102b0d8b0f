import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import { CI_STATUSES, ciSchema, ciStatusSchema, environmentSchema, typeNameSchema } from '../models.js';
import { READ, withTags } from './shared.js';

const ACTIVE_STATUSES = CI_STATUSES.filter((s) => s !== 'retired');

function encodeCursor(c: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([c.name, c.id])).toString('base64url');
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {
    // fall through
  }
  throw new InvalidInputError('cursor is not a next_cursor from ci_search.', { hint: 'Pass next_cursor exactly as returned, with the same filters.' });
}

export const ciSearch = defineTool({
  name: 'ci_search',
  title: 'Search configuration items',
  description:
    'Finds CIs by full-text words (query: name, type, owner, team and attribute values; best first), and/or filters: type, name substring (case-insensitive), environment, status (default: everything but retired), owner, team, a tag, an attribute value at a dotted path (e.g. attribute_path "os", attribute_equals "linux"). Without query, results are ordered by name and paged with next_cursor.',
  input: z.object({
    query: z.string().min(1).max(500).optional(),
    match: z.enum(['any', 'all']).default('any').describe('With query: any word (default) or every word'),
    type: typeNameSchema.optional(),
    name: z.string().min(1).max(256).optional().describe('Substring of the name'),
    environment: environmentSchema.optional(),
    status: z.array(ciStatusSchema).min(1).optional().describe('Default: planned, active, maintenance'),
    owner: z.string().max(128).optional(),
    team: z.string().max(128).optional(),
    tag_key: z.string().max(64).optional(),
    tag_value: z.string().max(256).optional().describe('With tag_key; omit to match any value'),
    attribute_path: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_-]{1,64}){0,7}$/, 'dotted keys, e.g. os or network.vpc')
      .optional(),
    attribute_equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(600).optional(),
  }),
  output: z.object({
    count: z.number().int(),
    items: z.array(ciSchema.extend({ score: z.number().nullable().describe('With query: relevance, higher is better') })),
    next_cursor: z.string().nullable(),
  }),
  annotations: READ,
  largeResult: true,
  render: (o) =>
    o.count === 0
      ? 'No CI matches.'
      : o.items.map((c) => `- ${c.id} ${c.type} "${c.name}" [${c.status}${c.environment ? `, ${c.environment}` : ''}]`).join('\n') +
        (o.next_cursor ? `\nMore: cursor ${o.next_cursor}` : ''),
  handler: async (args, { client }: ToolContext<CmdbClient>) => {
    if ((args.attribute_path === undefined) !== (args.attribute_equals === undefined)) {
      throw new InvalidInputError('attribute_path and attribute_equals go together.');
    }
    if (args.tag_value !== undefined && args.tag_key === undefined) throw new InvalidInputError('tag_value needs tag_key.');
    if (args.cursor && args.query) throw new InvalidInputError('Full-text results are ranked, not paged: drop cursor or query.');
    const rows = await client.store.searchCis({
      query: args.query,
      match: args.match,
      type: args.type,
      name: args.name,
      environment: args.environment,
      statuses: args.status ?? ACTIVE_STATUSES,
      owner: args.owner,
      team: args.team,
      tag: args.tag_key === undefined ? undefined : { key: args.tag_key, value: args.tag_value },
      attribute: args.attribute_path === undefined ? undefined : { path: args.attribute_path.split('.'), equals: String(args.attribute_equals) },
      limit: args.limit + 1,
      after: args.cursor ? decodeCursor(args.cursor) : undefined,
    });
    const page = rows.slice(0, args.limit);
    const cis = await withTags(client.store, page);
    const items = cis.map((c, i) => ({ ...c, score: page[i]!.score }));
    const last = page.at(-1);
    return { count: items.length, items, next_cursor: !args.query && rows.length > args.limit && last ? encodeCursor(last) : null };
  },
});
