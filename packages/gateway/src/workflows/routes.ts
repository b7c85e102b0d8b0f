import type { Context, Hono } from 'hono';
import * as z from 'zod';
import type { EventBus } from '../events/event-bus.js';
import { StoreConflictError, StoreNotFoundError } from '../store/store.js';
import { runQuerySchema, type WorkflowEngine, WorkflowInputError } from './engine.js';
import { MAX_WAIT_MS, viewRun } from './mcp-tools.js';
import type { TemplateCatalog } from './template-catalog.js';
import { checkTemplate } from './template-files.js';
import { inputsJsonSchema } from './template-schema.js';
import type { WorkflowStore } from './workflow-store.js';

export interface WorkflowRouteDeps {
  engine: WorkflowEngine;
  catalog: TemplateCatalog;
  store: WorkflowStore;
  events: EventBus;
}

const runBody = z.strictObject({
  inputs: z.record(z.string(), z.unknown()).default({}),
  wait: z.boolean().default(false),
  waitMs: z.number().int().min(1).max(MAX_WAIT_MS).default(30_000),
});

/** Runs started through the admin API are recorded as the admin identity (full access, like the admin key itself). */
const ADMIN_IDENTITY = { id: 'admin', kind: 'admin', access: 'full' } as const;

const problems = (c: Context, list: string[], status: 400 | 422 = 400) => c.json({ error: 'invalid', problems: list }, status);

/**
 * /api/v1/workflows…, mounted after the admin routes (the admin key check on
 * /api/v1/* applies). The `runs` routes come first: "runs" is not a template name.
 */
export function mountWorkflowRoutes(app: Hono, deps: WorkflowRouteDeps): void {
  const { engine, catalog, store } = deps;

  app.get('/api/v1/workflows/runs', async (c) => {
    const query = runQuerySchema.safeParse(c.req.query());
    if (!query.success)
      return problems(
        c,
        query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    return c.json({ runs: (await engine.listRuns(query.data)).map(viewRun) });
  });
  app.get('/api/v1/workflows/runs/:id', async (c) => {
    const run = await engine.getRun(c.req.param('id'));
    return run ? c.json(viewRun(run)) : c.json({ error: 'not_found', message: `No workflow run ${c.req.param('id')}` }, 404);
  });
  app.post('/api/v1/workflows/reload', async (c) => {
    const loaded = await catalog.reloadFiles();
    return c.json({ loaded: [...loaded.templates.keys()], rejected: loaded.rejected });
  });

  app.get('/api/v1/workflows', async (c) =>
    c.json({
      workflows: (await catalog.list()).map((e) => ({
        name: e.template.name,
        source: e.source,
        version: e.version ?? null,
        inputSchema: inputsJsonSchema(e.template.inputs),
        template: e.template,
      })),
      rejectedFiles: catalog.rejected,
    }),
  );
  app.get('/api/v1/workflows/:name', async (c) => {
    const entry = await catalog.get(c.req.param('name'));
    return entry
      ? c.json({ ...entry, version: entry.version ?? null })
      : c.json({ error: 'not_found', message: `No workflow named ${c.req.param('name')}` }, 404);
  });
  app.post('/api/v1/workflows/:name', async (c) => {
    const check = await templateFrom(c);
    if (!check.ok) return problems(c, check.problems);
    try {
      const stored = await store.createTemplate(check.template);
      deps.events.publish('workflow.template', { name: stored.name, version: stored.version, change: 'created' });
      await catalog.refresh();
      return c.json(stored, 201);
    } catch (error) {
      if (error instanceof StoreConflictError) return c.json({ error: 'conflict', message: error.message }, 409);
      throw error;
    }
  });
  app.put('/api/v1/workflows/:name', async (c) => {
    const check = await templateFrom(c);
    if (!check.ok) return problems(c, check.problems);
    const ifMatch = c.req.header('if-match');
    const expected = ifMatch === undefined ? undefined : Number(ifMatch.replaceAll('"', ''));
    if (expected !== undefined && !Number.isInteger(expected)) return problems(c, ['If-Match: the stored version, an integer']);
    try {
      const stored = await store.updateTemplate(check.template, expected);
      deps.events.publish('workflow.template', { name: stored.name, version: stored.version, change: 'updated' });
      return c.json(stored);
    } catch (error) {
      if (error instanceof StoreConflictError) return c.json({ error: 'conflict', message: error.message }, 409);
      if (error instanceof StoreNotFoundError) return c.json({ error: 'not_found', message: error.message }, 404);
      throw error;
    }
  });
  app.delete('/api/v1/workflows/:name', async (c) => {
    if (!(await store.deleteTemplate(c.req.param('name'))))
      return c.json({ error: 'not_found', message: `No stored workflow named ${c.req.param('name')}` }, 404);
    deps.events.publish('workflow.template', { name: c.req.param('name'), change: 'deleted' });
    await catalog.refresh();
    return c.json({ deleted: c.req.param('name') });
  });

  app.post('/api/v1/workflows/:name/runs', async (c) => {
    const body = runBody.safeParse((await c.req.json().catch(() => undefined)) ?? {});
    if (!body.success)
      return problems(
        c,
        body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    try {
      const run = await engine.startRun(c.req.param('name'), body.data.inputs, ADMIN_IDENTITY);
      const latest = body.data.wait ? ((await engine.waitFor(run.id, body.data.waitMs)) ?? run) : run;
      return c.json(viewRun(latest), latest.status === 'running' ? 202 : 200);
    } catch (error) {
      if (error instanceof WorkflowInputError)
        return c.json({ error: 'invalid', message: error.message, problems: error.problems }, error.problems.length ? 400 : 404);
      throw error;
    }
  });
}

/** The body as a template whose name is the path's (a body naming another is refused). */
async function templateFrom(c: Context) {
  const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { ok: false as const, problems: ['the body must be a workflow template (a JSON object)'] };
  const name = c.req.param('name');
  if (name === 'runs' || name === 'reload') return { ok: false as const, problems: [`name: "${name}" is reserved by the API`] };
  if (body.name !== undefined && body.name !== name)
    return { ok: false as const, problems: [`name: the body names "${String(body.name)}" but the path names "${name}"`] };
  return checkTemplate({ ...body, name });
}
