import * as z from 'zod';
import { namespaceSchema } from '../models.js';

/** Namespace input: optional, the service's AI_MEMORY_DEFAULT_NAMESPACE when omitted. */
export const namespaceInput = namespaceSchema.optional().describe('e.g. "user:42", "agent:planner", "project:apollo"; default: the service default namespace');

export const tagsInput = z.array(z.string().min(1).max(64)).max(20);

export const matchInput = z
  .enum(['any', 'all'])
  .default('any')
  .describe('"any": documents with any of the words, best first (default); "all": only documents with every word');

/** Read-only, closed world (a local database), idempotent. */
export const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
/** Writes that add or change data reversibly. */
export const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
/** Deletes: the gateway asks a human first. */
export const DESTRUCTIVE = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false } as const;

/** A compact one-line view of a memory for text renderings. */
export function line(m: { id: string; kind: string; content: string; tags: string[] }, max = 160): string {
  const text = m.content.length > max ? `${m.content.slice(0, max)}…` : m.content;
  return `- ${m.id} [${m.kind}${m.tags.length ? `; ${m.tags.join(', ')}` : ''}] ${text}`;
}
