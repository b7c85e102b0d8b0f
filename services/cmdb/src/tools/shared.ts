import { currentRequestContext } from '@mcp/runtime';
import { monotonicFactory } from 'ulid';
import * as z from 'zod';
import type { CmdbClient } from '../client.js';
import type { Ci } from '../models.js';
import type { ChangeContext } from '../ops/ci-write.js';
import type { CiRow, CmdbQueries } from '../store/types.js';

/** ULIDs ordered within one millisecond. */
const ulid = monotonicFactory();

export const changeInput = {
  actor: z.string().min(1).max(128).optional().describe('Who makes the change (recorded in ci_history); defaults to the authenticated caller'),
  reason: z.string().min(1).max(500).optional().describe('Why (recorded in ci_history), e.g. a ticket number'),
};

/**
 * Who, when and why for ci_history. With inbound auth on, the authenticated
 * caller is always recorded; a claimed `actor` is kept beside it.
 */
export function changeContext(args: { actor?: string; reason?: string }, client: CmdbClient): ChangeContext {
  const principal = currentRequestContext()?.principal?.id;
  const actor = principal ? (args.actor ? `${args.actor} (via ${principal})` : principal) : (args.actor ?? 'mcp');
  const now = client.now();
  return { actor, reason: args.reason ?? null, now: now.toISOString(), newId: () => ulid(now.getTime()) };
}

/** CIs with their tags. */
export async function withTags(q: Pick<CmdbQueries, 'tagsOf'>, rows: CiRow[]): Promise<Ci[]> {
  const tags = await q.tagsOf(rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, tags: tags.get(r.id) ?? [] }));
}

export const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
export const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
export const DESTRUCTIVE = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false } as const;
