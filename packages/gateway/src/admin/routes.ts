import type { Hono } from 'hono';
import * as z from 'zod';
import { backendConfigSchema, SERVER_NAME } from '../config/schema.js';
import type { BackendManager } from '../backends/manager-types.js';
import type { EventBus } from '../events/event-bus.js';
import type { Registry } from '../registry/registry.js';
import { StoreConflictError, StoreNotFoundError, type Store } from '../store/store.js';
import { adminAuth } from './auth.js';
import { redactEffectiveConfigs } from './redact-config.js';
import { eventsSse } from './events-stream.js';

export interface AdminDeps {
  registry: Registry;
  store: Store;
  manager: BackendManager;
  events: EventBus;
  adminKeys: readonly string[];
  loopbackBind: boolean;
  collisions: () => unknown[];
  toolCount: () => number;
  startedAt: string;
}

const configBody = z.object({ name: z.string().regex(SERVER_NAME), config: backendConfigSchema });
const updateBody = z.object({ config: backendConfigSchema, expectedVersion: z.number().int().positive().optional() });

/** The admin API: JSON under /api/v1, admin key in X-API-Key. */
export function mountAdminRoutes(app: Hono, deps: AdminDeps): void {
  const { registry, store, manager, events } = deps;
  app.use('/api/v1/*', adminAuth(deps.adminKeys, deps.loopbackBind));

  app.get('/api/v1/mcp/status', (c) =>
    c.json({
      registryVersion: registry.version,
      startedAt: deps.startedAt,
      lastReload: registry.last ?? null,
      toolCount: deps.toolCount(),
      collisions: deps.collisions(),
      backends: manager.status(),
    }),
  );

  app.post('/api/v1/mcp/reload', async (c) => {
    const outcome = await registry.reload('api');
    return c.json(outcome, outcome.outcome === 'failed' ? 500 : outcome.outcome === 'rejected' ? 422 : 200);
  });

  app.get('/api/v1/mcp/configs', async (c) => c.json({ configs: await store.listConfigs(), effective: redactEffectiveConfigs(registry.configs()) }));
  app.get('/api/v1/mcp/configs/:name', async (c) => {
    const record = await store.getConfig(c.req.param('name'));
    return record ? c.json(record) : c.json({ error: 'not_found', message: `No stored config named ${c.req.param('name')}` }, 404);
  });
  app.post('/api/v1/mcp/configs', async (c) => {
    const body = configBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.json({ error: 'invalid', problems: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 400);
    try {
      const record = await store.createConfig(body.data.name, body.data.config);
      events.publish('config.created', { name: record.name, version: record.version });
      const reload = await registry.reload('store');
      return c.json({ config: record, reload }, 201);
    } catch (error) {
      if (error instanceof StoreConflictError) return c.json({ error: 'conflict', message: error.message }, 409);
      throw error;
    }
  });
  app.put('/api/v1/mcp/configs/:name', async (c) => {
    const body = updateBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.json({ error: 'invalid', problems: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 400);
    try {
      const record = await store.updateConfig(c.req.param('name'), body.data.config, body.data.expectedVersion);
      events.publish('config.updated', { name: record.name, version: record.version });
      return c.json({ config: record, reload: await registry.reload('store') });
    } catch (error) {
      if (error instanceof StoreConflictError) return c.json({ error: 'conflict', message: error.message }, 409);
      if (error instanceof StoreNotFoundError) return c.json({ error: 'not_found', message: error.message }, 404);
      throw error;
    }
  });
  app.delete('/api/v1/mcp/configs/:name', async (c) => {
    const deleted = await store.deleteConfig(c.req.param('name'));
    if (!deleted) return c.json({ error: 'not_found', message: `No stored config named ${c.req.param('name')}` }, 404);
    events.publish('config.deleted', { name: c.req.param('name') });
    return c.json({ deleted: c.req.param('name'), reload: await registry.reload('store') });
  });

  app.get('/api/v1/mcp/events', (c) => eventsSse(c, events));
}
