import type pg from 'pg';
import type { Conversation, Message, MessageHit } from '../models.js';
import { websearchText } from './fts-query.js';
import { type PgDb, iso } from '@mcp/sql';
import { assertSameNamespace } from './errors.js';
import type { AppendInput, MessageSearch } from './types.js';

interface ConversationRow {
  id: string;
  namespace: string;
  title: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  message_count: number;
  last_seq: number;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  role: Message['role'];
  content: string;
  metadata: Record<string, unknown>;
  created_at: Date;
}

const CONVERSATION = `SELECT c.id, c.namespace, c.title, c.metadata, c.created_at, c.updated_at,
  (SELECT count(*) FROM messages WHERE conversation_id = c.id)::int AS message_count,
  (SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = c.id)::int AS last_seq
  FROM conversations c`;
const MESSAGE_COLUMNS = 'id, conversation_id, seq, role, content, metadata, created_at';

/** The conversation half of the PostgreSQL store (messages.tsv for search). */
export class PostgresConversations {
  constructor(protected readonly pg: PgDb) {}

  async appendMessages(input: AppendInput): Promise<{ conversation: Conversation; created: boolean; messages: Message[] }> {
    return this.pg.tx(async (client) => {
      // The conversation row is locked for the transaction, so concurrent appends take seqs one after the other.
      let existing = await lockConversation(client, input.conversationId);
      let created = false;
      if (!existing) {
        const inserted = await client.query(
          `INSERT INTO conversations (id, namespace, title, metadata, created_at, updated_at)
           VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz, $5::timestamptz) ON CONFLICT (id) DO NOTHING`,
          [input.conversationId, input.namespace, input.title ?? null, JSON.stringify(input.metadata ?? {}), input.now],
        );
        created = inserted.rowCount === 1;
        if (!created) existing = await lockConversation(client, input.conversationId);
      }
      if (existing) {
        assertSameNamespace(existing, input.namespace);
        await client.query(
          'UPDATE conversations SET title = coalesce($2, title), metadata = metadata || $3::jsonb, updated_at = $4::timestamptz WHERE id = $1',
          [input.conversationId, input.title ?? null, JSON.stringify(input.metadata ?? {}), input.now],
        );
      }
      const { rows } = await client.query<{ last: number }>('SELECT coalesce(max(seq), 0)::int AS last FROM messages WHERE conversation_id = $1', [
        input.conversationId,
      ]);
      let seq = rows[0]!.last;
      const messages: Message[] = [];
      for (const m of input.messages) {
        seq += 1;
        const result = await client.query<MessageRow>(
          `INSERT INTO messages (conversation_id, seq, role, content, metadata, created_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamptz) RETURNING ${MESSAGE_COLUMNS}`,
          [input.conversationId, seq, m.role, m.content, JSON.stringify(m.metadata), input.now],
        );
        messages.push(toMessage(result.rows[0]!));
      }
      const conversation = await client.query<ConversationRow>(`${CONVERSATION} WHERE c.id = $1`, [input.conversationId]);
      return { conversation: toConversation(conversation.rows[0]!), created, messages };
    });
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    const [row] = await this.pg.query<ConversationRow>(`${CONVERSATION} WHERE c.id = $1`, [id]);
    return row && toConversation(row);
  }

  async getMessages(conversationId: string, fromSeq: number, toSeq: number): Promise<Message[]> {
    const rows = await this.pg.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`, [
      conversationId,
      fromSeq,
      toSeq,
    ]);
    return rows.map(toMessage);
  }

  async listConversations(query: { namespace: string; limit: number; before?: { updated_at: string; id: string } }): Promise<Conversation[]> {
    const rows = await this.pg.query<ConversationRow>(
      `${CONVERSATION} WHERE c.namespace = $1 AND ($2::timestamptz IS NULL OR (c.updated_at, c.id) < ($2::timestamptz, $3::text))
       ORDER BY c.updated_at DESC, c.id DESC LIMIT $4`,
      [query.namespace, query.before?.updated_at ?? null, query.before?.id ?? null, query.limit],
    );
    return rows.map(toConversation);
  }

  async searchMessages(query: MessageSearch): Promise<MessageHit[]> {
    const text = websearchText(query.query, query.match);
    if (!text) return [];
    const rows = await this.pg.query<MessageRow & { namespace: string; rank: number; snippet: string }>(
      `SELECT hit.id, hit.conversation_id, hit.seq, hit.role, hit.content, hit.metadata, hit.created_at, hit.namespace, hit.rank,
              ts_headline('english', hit.content, hit.q, 'StartSel=**, StopSel=**, MaxWords=24, MinWords=8, MaxFragments=1') AS snippet
       FROM (
         SELECT msg.*, c.namespace, ts_rank_cd(msg.tsv, q) AS rank, q
         FROM messages msg JOIN conversations c ON c.id = msg.conversation_id, websearch_to_tsquery('english', $1) AS q
         WHERE msg.tsv @@ q AND c.namespace = $2 AND ($3::text IS NULL OR msg.role = $3) AND ($4::text IS NULL OR msg.conversation_id = $4)
         ORDER BY rank DESC, msg.id DESC LIMIT $5
       ) hit ORDER BY hit.rank DESC, hit.id DESC`,
      [text, query.namespace, query.role ?? null, query.conversationId ?? null, query.limit],
    );
    return rows.map(({ namespace, rank, snippet, ...row }) => ({ ...toMessage(row), namespace, score: Number(rank), snippet }));
  }

  async deleteConversation(id: string): Promise<number | undefined> {
    return this.pg.tx(async (client) => {
      const { rows } = await client.query<{ n: number }>(
        'SELECT (SELECT count(*) FROM messages WHERE conversation_id = $1)::int AS n FROM conversations WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!rows[0]) return undefined;
      await client.query('DELETE FROM conversations WHERE id = $1', [id]);
      return rows[0].n;
    });
  }
}

async function lockConversation(client: pg.PoolClient, id: string): Promise<{ id: string; namespace: string } | undefined> {
  const { rows } = await client.query<{ id: string; namespace: string }>('SELECT id, namespace FROM conversations WHERE id = $1 FOR UPDATE', [id]);
  return rows[0];
}

function toConversation(row: ConversationRow): Conversation {
  return { ...row, created_at: iso(row.created_at)!, updated_at: iso(row.updated_at)! };
}

function toMessage(row: MessageRow): Message {
  return { ...row, id: Number(row.id), created_at: iso(row.created_at)! };
}
