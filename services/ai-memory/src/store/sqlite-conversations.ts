import type { Conversation, Message, MessageHit } from '../models.js';
import { assertSameNamespace } from './errors.js';
import { fts5MatchExpression } from './fts-query.js';
import type { SqliteDb } from '@mcp/sql';
import type { AppendInput, MessageSearch } from './types.js';

type ConversationRow = Omit<Conversation, 'metadata'> & { metadata: string };
type MessageRow = Omit<Message, 'metadata'> & { metadata: string };

const CONVERSATION = `SELECT c.id, c.namespace, c.title, c.metadata, c.created_at, c.updated_at,
  (SELECT count(*) FROM messages WHERE conversation_id = c.id) AS message_count,
  (SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = c.id) AS last_seq
  FROM conversations c`;
const MESSAGE_COLUMNS = 'id, conversation_id, seq, role, content, metadata, created_at';

/** The conversation half of the SQLite store (messages_fts for search). */
export class SqliteConversations {
  constructor(protected readonly sql: SqliteDb) {}

  async appendMessages(input: AppendInput): Promise<{ conversation: Conversation; created: boolean; messages: Message[] }> {
    return this.sql.write(() => {
      const existing = this.conversationRow(input.conversationId);
      let created = false;
      if (!existing) {
        this.sql
          .stmt('INSERT INTO conversations (id, namespace, title, metadata, created_at, updated_at) VALUES (@id, @namespace, @title, @metadata, @now, @now)')
          .run({
            id: input.conversationId,
            namespace: input.namespace,
            title: input.title ?? null,
            metadata: JSON.stringify(input.metadata ?? {}),
            now: input.now,
          });
        created = true;
      } else {
        assertSameNamespace(existing, input.namespace);
        const metadata = { ...(JSON.parse(existing.metadata) as Record<string, unknown>), ...input.metadata };
        this.sql
          .stmt('UPDATE conversations SET title = coalesce(@title, title), metadata = @metadata, updated_at = @now WHERE id = @id')
          .run({ id: input.conversationId, title: input.title ?? null, metadata: JSON.stringify(metadata), now: input.now });
      }
      let seq = existing?.last_seq ?? 0;
      const insert = this.sql.stmt(
        `INSERT INTO messages (conversation_id, seq, role, content, metadata, created_at)
         VALUES (@conversation_id, @seq, @role, @content, @metadata, @now) RETURNING ${MESSAGE_COLUMNS}`,
      );
      const messages = input.messages.map((m) => {
        seq += 1;
        const row = insert.get({
          conversation_id: input.conversationId,
          seq,
          role: m.role,
          content: m.content,
          metadata: JSON.stringify(m.metadata),
          now: input.now,
        });
        return toMessage(row as MessageRow);
      });
      return { conversation: toConversation(this.conversationRow(input.conversationId)!), created, messages };
    });
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    const row = this.conversationRow(id);
    return row && toConversation(row);
  }

  async getMessages(conversationId: string, fromSeq: number, toSeq: number): Promise<Message[]> {
    const rows = this.sql
      .stmt(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = @id AND seq BETWEEN @from AND @to ORDER BY seq`)
      .all({ id: conversationId, from: fromSeq, to: toSeq }) as MessageRow[];
    return rows.map(toMessage);
  }

  async listConversations(query: { namespace: string; limit: number; before?: { updated_at: string; id: string } }): Promise<Conversation[]> {
    const rows = this.sql
      .stmt(
        `${CONVERSATION} WHERE c.namespace = @namespace AND (@bu IS NULL OR (c.updated_at, c.id) < (@bu, @bid))
         ORDER BY c.updated_at DESC, c.id DESC LIMIT @limit`,
      )
      .all({ namespace: query.namespace, limit: query.limit, bu: query.before?.updated_at ?? null, bid: query.before?.id ?? null }) as ConversationRow[];
    return rows.map(toConversation);
  }

  async searchMessages(query: MessageSearch): Promise<MessageHit[]> {
    const match = fts5MatchExpression(query.query, query.match);
    if (!match) return [];
    const rows = this.sql
      .stmt(
        `SELECT msg.id, msg.conversation_id, msg.seq, msg.role, msg.content, msg.metadata, msg.created_at, c.namespace,
                bm25(messages_fts) AS rank, snippet(messages_fts, 0, '**', '**', '…', 16) AS snippet
         FROM messages_fts JOIN messages msg ON msg.id = messages_fts.rowid JOIN conversations c ON c.id = msg.conversation_id
         WHERE messages_fts MATCH @match AND c.namespace = @namespace AND (@role IS NULL OR msg.role = @role) AND (@cid IS NULL OR msg.conversation_id = @cid)
         ORDER BY rank LIMIT @limit`,
      )
      .all({ match, namespace: query.namespace, role: query.role ?? null, cid: query.conversationId ?? null, limit: query.limit }) as Array<
      MessageRow & { namespace: string; rank: number; snippet: string }
    >;
    return rows.map(({ namespace, rank, snippet, ...row }) => ({ ...toMessage(row), namespace, score: -rank, snippet }));
  }

  async deleteConversation(id: string): Promise<number | undefined> {
    return this.sql.write(() => {
      const row = this.conversationRow(id);
      if (!row) return undefined;
      // ON DELETE CASCADE removes the messages (their FTS rows go through the delete trigger).
      this.sql.stmt('DELETE FROM conversations WHERE id = @id').run({ id });
      return row.message_count;
    });
  }

  private conversationRow(id: string): ConversationRow | undefined {
    return this.sql.stmt(`${CONVERSATION} WHERE c.id = @id`).get({ id }) as ConversationRow | undefined;
  }
}

function toConversation(row: ConversationRow): Conversation {
  return { ...row, metadata: JSON.parse(row.metadata) as Record<string, unknown> };
}

function toMessage(row: MessageRow): Message {
  return { ...row, metadata: JSON.parse(row.metadata) as Record<string, unknown> };
}
