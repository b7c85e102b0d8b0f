import type { Hono } from 'hono';
import * as z from 'zod';
import type { EventBus } from '../events/event-bus.js';
import type { ApprovalStore } from './types.js';

const status = z.enum(['pending', 'approved', 'denied', 'timed_out']).optional();
const decisionBody = z.object({ by: z.string().min(1).max(200).optional(), note: z.string().max(2000).optional() }).strict();

/** /api/v1/approvals: list, show, approve, deny. Behind the admin key like the rest of /api/v1. */
export function mountApprovalRoutes(app: Hono, deps: { store: ApprovalStore; events: EventBus; wakeups: Map<string, () => void> }): void {
  app.get('/api/v1/approvals', async (c) => {
    const s = status.safeParse(c.req.query('status') || undefined);
    if (!s.success) return c.json({ error: 'invalid', message: 'status must be pending, approved, denied or timed_out' }, 400);
    return c.json({ approvals: await deps.store.listApprovals(s.data) });
  });
  app.get('/api/v1/approvals/:id', async (c) => {
    const a = await deps.store.getApproval(c.req.param('id'));
    return a ? c.json(a) : c.json({ error: 'not_found', message: `No approval ${c.req.param('id')}` }, 404);
  });
  for (const [verb, decision] of [
    ['approve', 'approved'],
    ['deny', 'denied'],
  ] as const) {
    app.post(`/api/v1/approvals/:id/${verb}`, async (c) => {
      const raw = await c.req.text();
      let json: unknown;
      try {
        json = raw ? JSON.parse(raw) : {};
      } catch {
        return c.json({ error: 'invalid', message: 'The body must be JSON: {"by"?: string, "note"?: string}' }, 400);
      }
      const body = decisionBody.safeParse(json);
      if (!body.success) return c.json({ error: 'invalid', problems: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 400);
      const id = c.req.param('id');
      const decided = await deps.store.decideApproval(id, decision, body.data.by ?? 'admin-api', body.data.note);
      if (!decided) {
        const existing = await deps.store.getApproval(id);
        return existing
          ? c.json({ error: 'conflict', message: `Approval ${id} is already ${existing.status}`, approval: existing }, 409)
          : c.json({ error: 'not_found', message: `No approval ${id}` }, 404);
      }
      deps.events.publish('approval.decided', { ...decided });
      deps.wakeups.get(id)?.();
      return c.json(decided);
    });
  }
}
