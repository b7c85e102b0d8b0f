import type { Hono } from 'hono';
import { AdminAuditUnavailableError, type AdminAudit } from '../audit/admin-audit.js';
import type { FeatureFlags } from './feature-flags.js';

export interface FlagRouteDeps {
  flags: FeatureFlags;
  audit: AdminAudit;
  /** The audit identity of the admin key presented (never the key). */
  actorOf: (presentedKey: string | undefined) => string;
}

/**
 * `GET /api/v1/flags` and `PUT /api/v1/flags` (a JSON object of the flags to
 * change). Mount after the admin routes: their `/api/v1/*` admin-key check
 * covers these too. Every change is audited before it is applied; when the
 * audit log cannot be written the change is refused (503) and nothing changes.
 */
export function mountFlagRoutes(app: Hono, deps: FlagRouteDeps): void {
  const { flags, audit } = deps;
  app.get('/api/v1/flags', (c) => c.json({ flags: flags.get(), sources: flags.sources() }));
  app.put('/api/v1/flags', async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const actor = deps.actorOf(c.req.header('x-api-key'));
    const planned = flags.plan(body, actor);
    if (!planned.ok) return c.json({ error: 'invalid', problems: planned.problems }, 400);
    try {
      // Appended in the same tick, so the writer commits them in one batch: all rows or none.
      await Promise.all(
        planned.changes.map(({ flag, from, to }) => audit.record({ kind: 'admin', actor, action: 'flag.changed', details: { flag, from, to } })),
      );
    } catch (error) {
      if (error instanceof AdminAuditUnavailableError) return c.json({ error: 'audit_unavailable', message: error.message }, 503);
      throw error;
    }
    const changes = flags.apply(planned.changes);
    return c.json({ flags: flags.get(), changes });
  });
}
