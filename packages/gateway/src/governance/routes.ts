import type { Context, Hono } from 'hono';
import * as z from 'zod';
import { createKeyBody, issueApiKey } from './api-keys.js';
import { AUDIT_KINDS, type AuditQuery, type GovernanceStore } from './types.js';

export interface GovernanceRouteDeps {
  store: GovernanceStore;
  onKeysChanged: () => void;
}

const auditQuery = z.object({
  kind: z.enum(AUDIT_KINDS).optional(),
  identity: z.string().optional(),
  tool: z.string().optional(),
  outcome: z.string().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const EXPORT_PAGE = 1000;

/**
 * /api/v1/keys and /api/v1/audit. Mounted after the admin routes, so the
 * admin key check on /api/v1/* already applies.
 */
export function mountGovernanceRoutes(app: Hono, deps: GovernanceRouteDeps): void {
  const { store } = deps;

  app.post('/api/v1/keys', async (c) => {
    const body = createKeyBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.json({ error: 'invalid', problems: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 400);
    const { key, record } = await issueApiKey(store, body.data.name, body.data.scopes);
    deps.onKeysChanged();
    // The only time the key is ever shown.
    return c.json({ key, ...record }, 201);
  });
  app.get('/api/v1/keys', async (c) => c.json({ keys: await store.listApiKeys() }));
  app.delete('/api/v1/keys/:id', async (c) => revoke(c, deps));
  app.post('/api/v1/keys/:id/revoke', async (c) => revoke(c, deps));

  app.get('/api/v1/audit', async (c) => {
    const q = parseQuery(c);
    if ('error' in q) return c.json(q, 400);
    const rows = await store.queryAudit(q);
    const last = rows.at(-1);
    return c.json({ entries: rows, next: rows.length === q.limit && last ? last.id : null });
  });

  // JSON lines, newest first, streamed page by page so an export of millions of rows stays small in memory.
  app.get('/api/v1/audit/export', (c) => {
    const q = parseQuery(c);
    if ('error' in q) return c.json(q, 400);
    const encoder = new TextEncoder();
    let before = q.before;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const rows = await store.queryAudit({ ...q, ...(before !== undefined && { before }), limit: EXPORT_PAGE });
        if (rows.length > 0) controller.enqueue(encoder.encode(rows.map((r) => `${JSON.stringify(r)}\n`).join('')));
        if (rows.length < EXPORT_PAGE) controller.close();
        else before = rows.at(-1)!.id;
      },
    });
    return new Response(stream, { headers: { 'content-type': 'application/x-ndjson' } });
  });
}

async function revoke(c: Context, deps: GovernanceRouteDeps) {
  const id = c.req.param('id') ?? '';
  const revoked = await deps.store.revokeApiKey(id);
  deps.onKeysChanged();
  return revoked ? c.json({ revoked: id }) : c.json({ error: 'not_found', message: `No active key with id ${id}` }, 404);
}

function parseQuery(c: Context): (AuditQuery & { limit: number }) | { error: string; problems: string[] } {
  const parsed = auditQuery.safeParse(c.req.query());
  if (!parsed.success) return { error: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const out: AuditQuery & { limit: number } = { limit: parsed.data.limit };
  for (const k of ['kind', 'identity', 'tool', 'outcome', 'since', 'until', 'before'] as const) {
    if (parsed.data[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = parsed.data[k];
  }
  return out;
}
