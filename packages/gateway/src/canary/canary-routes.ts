import type { Context, Hono } from 'hono';
import { AdminAuditUnavailableError } from '../audit/admin-audit.js';
import { type CanaryAction, type CanaryManager, canaryActionSchema } from './canary-manager.js';

export interface CanaryRouteDeps {
  canaries: CanaryManager;
  /** The audit identity of the admin key presented (never the key). */
  actorOf: (presentedKey: string | undefined) => string;
}

/**
 * `GET /api/v1/canaries`, `POST /api/v1/canaries/:name/promote`,
 * `POST /api/v1/canaries/:name/rollback` (optional body `{"reason": "…"}`),
 * `PUT /api/v1/canaries/:name/weight` (`{"weight": 0-100}`). Mount after the
 * admin routes (their `/api/v1/*` admin-key check applies). A change is
 * audited and stored before it applies; when either write fails: 503, nothing changed.
 */
export function mountCanaryRoutes(app: Hono, deps: CanaryRouteDeps): void {
  const { canaries } = deps;
  app.get('/api/v1/canaries', (c) => c.json({ canaries: canaries.list() }));
  app.post('/api/v1/canaries/:name/promote', (c) => act(c, deps, { type: 'promote' }));
  app.post('/api/v1/canaries/:name/rollback', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown> | null;
    return act(c, deps, { type: 'rollback', ...(body && typeof body === 'object' && { reason: body.reason as string }) });
  });
  app.put('/api/v1/canaries/:name/weight', async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    return act(c, deps, { type: 'weight', weight: body?.weight as number });
  });
}

async function act(c: Context, deps: CanaryRouteDeps, action: CanaryAction) {
  const name = c.req.param('name') ?? '';
  const parsed = canaryActionSchema.safeParse(action);
  if (!parsed.success) return c.json({ error: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) }, 400);
  try {
    const status = await deps.canaries.act(name, parsed.data, deps.actorOf(c.req.header('x-api-key')));
    return status ? c.json(status) : c.json({ error: 'not_found', message: `No canary on backend ${name}` }, 404);
  } catch (error) {
    if (error instanceof AdminAuditUnavailableError) return c.json({ error: 'audit_unavailable', message: error.message }, 503);
    return c.json({ error: 'store_unavailable', message: `The canary change could not be stored, so it was not applied: ${(error as Error).message}` }, 503);
  }
}
