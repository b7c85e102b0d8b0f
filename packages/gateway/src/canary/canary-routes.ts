import type { Hono } from 'hono';
import type { CanaryManager } from './canary-manager.js';

/**
 * `GET /api/v1/canaries`, `POST /api/v1/canaries/:name/promote`,
 * `POST /api/v1/canaries/:name/rollback`. Mount after the admin routes (their
 * `/api/v1/*` admin-key check applies).
 */
export function mountCanaryRoutes(app: Hono, canaries: CanaryManager): void {
  app.get('/api/v1/canaries', (c) => c.json({ canaries: canaries.list() }));
  app.post('/api/v1/canaries/:name/:action{promote|rollback}', (c) => {
    const controller = canaries.get(c.req.param('name'));
    if (!controller) return c.json({ error: 'not_found', message: `No canary on backend ${c.req.param('name')}` }, 404);
    const status = c.req.param('action') === 'promote' ? controller.promote('admin-api') : controller.rollback('rolled back by hand', 'admin-api');
    return c.json(status);
  });
}
