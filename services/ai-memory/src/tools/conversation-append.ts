import { defineTool, InvalidInputError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { AiMemoryClient } from '../client.js';
import { assertContentSize } from '../content.js';
import { conversationSchema, messageRoleSchema } from '../models.js';
import { redactSecrets } from '../secrets.js';
import { newId } from './memory-store.js';
import { namespaceInput } from './shared.js';

export const conversationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'letters, digits and _ . : -, at most 128 characters')
  .describe('A conversation id (the ULID conversation_append returned, or your own session id)');

const metadataInput = z.record(z.string(), z.unknown()).refine((m) => JSON.stringify(m).length <= 8192, 'metadata is limited to 8 KiB of JSON');

export const conversationAppend = defineTool({
  name: 'conversation_append',
  title: 'Append to a conversation log',
  description:
    'Logs messages to a conversation, creating it when conversation_id is omitted (a new id is returned) or unknown. Messages get consecutive seq numbers. Secrets in message text (API keys, tokens, private keys, passwords) are replaced by [REDACTED:<kind>] before storing; the count is returned.',
  input: z.object({
    conversation_id: conversationIdSchema.optional(),
    namespace: namespaceInput,
    title: z.string().min(1).max(200).optional().describe('Sets or replaces the title'),
    metadata: metadataInput.optional().describe('Merged (top-level keys) into the conversation metadata'),
    messages: z
      .array(z.object({ role: messageRoleSchema, content: z.string().min(1), metadata: metadataInput.default({}) }))
      .min(1)
      .max(100),
  }),
  output: z.object({
    conversation: conversationSchema,
    created: z.boolean(),
    appended: z.array(z.object({ id: z.number().int(), seq: z.number().int(), role: messageRoleSchema })),
    redacted_secrets: z.number().int(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  render: (o) =>
    `${o.created ? 'Started' : 'Appended to'} conversation ${o.conversation.id}: ${o.appended.length} message(s), seq ${o.appended[0]?.seq}…${o.appended.at(-1)?.seq}${o.redacted_secrets ? `; ${o.redacted_secrets} secret(s) redacted` : ''}.`,
  handler: async (args, { client }: ToolContext<AiMemoryClient>) => {
    let redacted = 0;
    const messages = args.messages.map((m, i) => {
      assertContentSize(m.content, client.maxContentChars, `content of message ${i + 1}`);
      const clean = redactSecrets(m.content);
      redacted += clean.count;
      return { role: m.role, content: clean.text, metadata: m.metadata };
    });
    if (args.title !== undefined && redactSecrets(args.title).count > 0) throw new InvalidInputError('The title looks like it contains a secret.');
    const now = client.now();
    const result = await client.store.appendMessages({
      conversationId: args.conversation_id ?? newId(now.getTime()),
      namespace: args.namespace ?? client.defaultNamespace,
      title: args.title,
      metadata: args.metadata,
      messages,
      now: now.toISOString(),
    });
    return {
      conversation: result.conversation,
      created: result.created,
      appended: result.messages.map((m) => ({ id: m.id, seq: m.seq, role: m.role })),
      redacted_secrets: redacted,
    };
  },
});
