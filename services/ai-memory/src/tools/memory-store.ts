import { defineTool, type ToolContext } from '@mcp/runtime';
import { monotonicFactory } from 'ulid';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { assertContentSize, assertNoSecrets, contentHash, expiryFrom, normalizeTags } from '../content.js';
import { memoryKindSchema, memorySchema } from '../models.js';
import { namespaceInput, tagsInput, WRITE } from './shared.js';

/** ULIDs that stay ordered within one millisecond, so keyset paging by id follows insertion order. */
export const newId = monotonicFactory();

export const memoryStore = defineTool({
  name: 'memory_store',
  title: 'Store a memory',
  description:
    'Saves a durable memory (fact, preference, summary, task or note) in a namespace. Deduplicated: storing the same content again (whitespace-insensitive) returns the existing memory, merged — higher importance, union of tags, later expiry, restored if soft-deleted. Refuses content that contains secrets (API keys, tokens, private keys, passwords). Search first (memory_search) to avoid near-duplicates.',
  input: z.object({
    namespace: namespaceInput,
    content: z.string().min(1).describe('The memory itself, self-contained (it is read later without context)'),
    kind: memoryKindSchema.default('note'),
    tags: tagsInput.default([]).describe('Short labels for filtering, lower-cased (at most 20)'),
    importance: z.number().min(0).max(1).default(0.5).describe('0 (trivia) … 1 (critical)'),
    ttl_days: z.number().positive().max(36_500).optional().describe('Expire after this many days; omit to keep forever'),
    source_message_id: z.number().int().positive().optional().describe('The conversation message this memory came from'),
  }),
  output: z.object({ memory: memorySchema, created: z.boolean().describe('false when it merged into an existing memory with the same content') }),
  annotations: WRITE,
  render: (o) => `${o.created ? 'Stored' : 'Already known; merged into'} memory ${o.memory.id} in ${o.memory.namespace}.`,
  handler: async (args, { client }: ToolContext<AiMemoryClient>) => {
    const content = args.content.trim();
    assertContentSize(content, client.maxContentChars);
    assertNoSecrets(`${content}\n${args.tags.join(' ')}`);
    const now = client.now();
    return client.store.storeMemory(
      {
        id: newId(now.getTime()),
        namespace: args.namespace ?? client.defaultNamespace,
        kind: args.kind,
        content,
        content_hash: contentHash(content),
        tags: normalizeTags(args.tags),
        importance: args.importance,
        source_message_id: args.source_message_id ?? null,
        expires_at: expiryFrom(now, args.ttl_days),
      },
      now.toISOString(),
    );
  },
});
