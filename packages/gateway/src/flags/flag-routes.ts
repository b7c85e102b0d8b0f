import type { Hono } from 'hono';
import type { FeatureFlags } from './feature-flags.js';

/**
 * `GET /api/v1/flags` and `PUT /api/v1/flags` (a JSON object of the flags to
 * change). Mount after the admin routes: their `/api/v1/*` admin-key check
 * covers these too.
 */
export function mountFlagRoutes(app: Hono, flags: FeatureFlags): void {
  app.get('/api/v1/flags', (c) => c.json({ flags: flags.get(), sources: flags.sources() }));
  app.put('/api/v1/flags', async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const result = flags.update(body, 'admin-api');
    if (!result.ok) return c.json({ error: 'invalid', problems: result.problems }, 400);
    return c.json({ flags: flags.get(), changes: result.changes });
  });
}
