import type { CallToolResult } from '@mcp/runtime';
import { createLogger } from '@mcp/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/events/event-bus.js';
import { WorkflowEngine } from '../../src/workflows/engine.js';
import type { StepCaller } from '../../src/workflows/step-caller.js';
import { TemplateCatalog } from '../../src/workflows/template-catalog.js';
import { checkTemplate } from '../../src/workflows/template-files.js';
import type { WorkflowTemplate } from '../../src/workflows/template-schema.js';
import { LeaseLostError, type WorkflowStore } from '../../src/workflows/workflow-store.js';
import { workflowStoreFor } from '../../src/workflows/workflow-store-for.js';
import { type Engine, engines } from '../governance/stores.js';

const { list, pgProblem } = await engines();
const logger = createLogger({ service: 'wf-test', level: 'silent' });
const admin = { id: 'admin', kind: 'admin', access: 'full' } as const;

function template(raw: unknown): WorkflowTemplate {
  const check = checkTemplate(raw);
  if (!check.ok) throw new Error(check.problems.join('; '));
  return check.template;
}

/** A caller whose tools are small functions; every call is recorded. */
function recordingCaller(tools: Record<string, (args: Record<string, unknown>, signal: AbortSignal) => Promise<CallToolResult>>) {
  const calls: { tool: string; args: Record<string, unknown> }[] = [];
  const call: StepCaller = async ({ tool, args, signal }) => {
    calls.push({ tool, args });
    const fn = tools[tool];
    if (!fn) throw new Error(`unknown tool ${tool}`);
    return fn(args, signal);
  };
  return { calls, call };
}
const ok = (structuredContent: Record<string, unknown>): CallToolResult => ({ content: [{ type: 'text', text: 'ok' }], structuredContent });

function engineOn(store: WorkflowStore, call: StepCaller, leaseMs = 60_000) {
  const events = new EventBus();
  const engine = new WorkflowEngine({
    store,
    catalog: new TemplateCatalog(store, undefined, logger),
    call,
    events,
    logger,
    leaseMs,
    defaultStepTimeoutMs: 10_000,
    principalFor: async (identity) => ({ id: identity.id, access: identity.access }),
  });
  return { engine, events };
}

it('PostgreSQL is reachable under CI', () => {
  if (process.env.CI === 'true') expect(pgProblem).toBeUndefined();
});

describe.each(list.map((e) => [e.name, e] as [string, Engine]))('workflow store and engine on %s', (_name, eng) => {
  let opened: Awaited<ReturnType<Engine['open']>>;
  let store: WorkflowStore;
  beforeAll(async () => {
    opened = await eng.open();
    store = workflowStoreFor(opened.store);
  });
  afterAll(async () => opened?.dispose());

  it('templates: create, conflict, update with expected version, delete', async () => {
    const t = template({ name: 'tpl', steps: [{ id: 'a', tool: 'x_y' }] });
    const created = await store.createTemplate(t);
    expect(created.version).toBe(1);
    await expect(store.createTemplate(t)).rejects.toThrow(/already exists/);
    const updated = await store.updateTemplate({ ...t, description: 'v2' }, 1);
    expect([updated.version, updated.template.description]).toEqual([2, 'v2']);
    await expect(store.updateTemplate(t, 1)).rejects.toThrow(/at version 2, not 1/);
    await expect(store.updateTemplate({ ...t, name: 'absent' })).rejects.toThrow(/No stored workflow/);
    expect((await store.listTemplates()).map((s) => s.name)).toContain('tpl');
    expect(await store.deleteTemplate('tpl')).toBe(true);
    expect(await store.deleteTemplate('tpl')).toBe(false);
  });

  it('leases: one claimer wins, checkpoints of a non-holder write nothing', async () => {
    const t = template({ name: 'lease', steps: [{ id: 'a', tool: 'x_y' }] });
    const now = Date.now();
    await store.createRun({ id: `lease-${eng.name}`, workflow: 'lease', template: t, inputs: {}, identity: admin, owner: 'dead', leaseUntil: now - 1 });
    const claims = await Promise.all(['r1', 'r2', 'r3'].map((o) => store.claimRun(`lease-${eng.name}`, o, now + 60_000, now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = ['r1', 'r2', 'r3'][claims.indexOf(true)]!;
    const step = {
      stepId: 'a',
      index: 0,
      status: 'running' as const,
      attempts: 0,
      result: null,
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    await expect(store.checkpoint(`lease-${eng.name}`, 'dead', step)).rejects.toBeInstanceOf(LeaseLostError);
    expect((await store.getRun(`lease-${eng.name}`))!.steps).toEqual([]);
    await store.checkpoint(`lease-${eng.name}`, winner, step);
    expect(await store.renewLeases(winner, [`lease-${eng.name}`, 'other'], now + 120_000)).toEqual([`lease-${eng.name}`]);
    expect(await store.expiredRuns(Date.now(), 100)).not.toContain(`lease-${eng.name}`);
    await store.finishRun(`lease-${eng.name}`, winner, 'failed', 'test');
    await expect(store.finishRun(`lease-${eng.name}`, winner, 'succeeded', null)).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('runs steps in order with templated arguments, skips on a false condition, checkpoints each step', async () => {
    await store.createTemplate(
      template({
        name: 'chain',
        inputs: { who: { type: 'string' } },
        steps: [
          { id: 'first', tool: 'svc_echo', arguments: { text: 'hello {{ inputs.who }}' } },
          { id: 'skipped', tool: 'svc_echo', if: { path: 'steps.first.result.structuredContent.text', equals: 'nope' }, arguments: { text: 'never' } },
          { id: 'second', tool: 'svc_count', arguments: { of: '{{ steps.first.result.structuredContent.text }}', n: '{{ steps.first.attempts }}' } },
        ],
      }),
    );
    const { calls, call } = recordingCaller({
      svc_echo: async (a) => ok({ text: a.text }),
      svc_count: async (a) => ok({ length: String(a.of).length, n: a.n }),
    });
    const { engine, events } = engineOn(store, call);
    const seen: string[] = [];
    events.subscribe((e) => seen.push(`${e.type}:${String(e.data.step ?? e.data.status ?? '')}`));
    const run = await engine.startRun('chain', { who: 'ops' }, admin);
    const done = await engine.waitFor(run.id, 10_000);
    await engine.close();
    expect(done?.status).toBe('succeeded');
    expect(calls).toEqual([
      { tool: 'svc_echo', args: { text: 'hello ops' } },
      { tool: 'svc_count', args: { of: 'hello ops', n: 1 } },
    ]);
    expect(done!.steps.map((s) => [s.stepId, s.status, s.attempts])).toEqual([
      ['first', 'succeeded', 1],
      ['skipped', 'skipped', 0],
      ['second', 'succeeded', 1],
    ]);
    expect(done!.steps[2]!.result).toMatchObject({ structuredContent: { length: 9, n: 1 } });
    expect(seen).toEqual([
      'workflow.started:',
      'workflow.step:first',
      'workflow.step:first',
      'workflow.step:skipped',
      'workflow.step:skipped',
      'workflow.step:second',
      'workflow.step:second',
      'workflow.finished:succeeded',
    ]);
    await expect(engine.startRun('chain', {}, admin)).rejects.toThrow(/shutting down/);
    const fresh = engineOn(store, call).engine;
    await expect(fresh.startRun('chain', {}, admin)).rejects.toThrow(/Invalid inputs for workflow chain: inputs.who/);
    await expect(fresh.startRun('absent', {}, admin)).rejects.toThrow(/No workflow named absent/);
    await fresh.close();
  });

  it('retries failed attempts, gives up after the last, and times out a hanging tool', async () => {
    await store.createTemplate(
      template({
        name: 'flaky',
        steps: [
          { id: 'flaky', tool: 'svc_flaky', retry: { attempts: 3, backoffMs: 1 } },
          { id: 'hang', tool: 'svc_hang', timeoutMs: 50, retry: { attempts: 2, backoffMs: 1 } },
          { id: 'never', tool: 'svc_flaky' },
        ],
      }),
    );
    let flaky = 0;
    let aborted = 0;
    const { calls, call } = recordingCaller({
      svc_flaky: async () => (++flaky < 3 ? { content: [{ type: 'text', text: `boom ${flaky}` }], isError: true } : ok({ flaky })),
      svc_hang: (_a, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            aborted += 1;
            reject(new Error('aborted'));
          }),
        ),
    });
    const { engine } = engineOn(store, call);
    const run = await engine.startRun('flaky', {}, admin);
    const done = await engine.waitFor(run.id, 10_000);
    await engine.close();
    expect(done?.status).toBe('failed');
    expect(done?.error).toMatch(/step hang failed: step hang timed out after 50 ms \(attempt 2\)/);
    expect(done!.steps.map((s) => [s.stepId, s.status, s.attempts])).toEqual([
      ['flaky', 'succeeded', 3],
      ['hang', 'failed', 2],
    ]);
    expect(calls.map((c) => c.tool)).toEqual(['svc_flaky', 'svc_flaky', 'svc_flaky', 'svc_hang', 'svc_hang']);
    expect(aborted).toBe(2);
  });

  it('does not retry permanent error kinds of fleet services (not_configured, invalid_input); transient ones are retried', async () => {
    const fleetError = (code: string, text: string): CallToolResult => ({
      content: [{ type: 'text', text }],
      isError: true,
      _meta: { 'io.mcp-fleet/error': { code } },
    });
    await store.createTemplate(
      template({
        name: 'kinds',
        steps: [
          { id: 'transient', tool: 'svc_unavailable', retry: { attempts: 3, backoffMs: 1 } },
          { id: 'permanent', tool: 'svc_unconfigured', retry: { attempts: 3, backoffMs: 1 } },
        ],
      }),
    );
    let unavailable = 0;
    const { calls, call } = recordingCaller({
      svc_unavailable: async () => (++unavailable < 2 ? fleetError('upstream_unavailable', 'upstream down') : ok({ unavailable })),
      svc_unconfigured: async () => fleetError('not_configured', 'svc is not configured: SVC_URL is not set'),
    });
    const { engine } = engineOn(store, call);
    const run = await engine.startRun('kinds', {}, admin);
    const done = await engine.waitFor(run.id, 10_000);
    await engine.close();
    expect(done?.status).toBe('failed');
    expect(done!.steps.map((s) => [s.stepId, s.status, s.attempts])).toEqual([
      ['transient', 'succeeded', 2],
      ['permanent', 'failed', 1],
    ]);
    expect(done?.error).toMatch(/SVC_URL is not set/);
    expect(calls.map((c) => c.tool)).toEqual(['svc_unavailable', 'svc_unavailable', 'svc_unconfigured']);
  });

  it('resumes a dead owner’s run at the first unfinished step: finished steps are not repeated', async () => {
    const t = template({
      name: 'resume',
      steps: [
        { id: 's1', tool: 'svc_one' },
        { id: 's2', tool: 'svc_two', arguments: { from: '{{ steps.s1.result.structuredContent.token }}' } },
        { id: 's3', tool: 'svc_three' },
      ],
    });
    const id = `resume-${eng.name}`;
    // What a gateway killed during s2 leaves behind: s1 checkpointed, s2 marked running, a lease nobody renews.
    await store.createRun({ id, workflow: 'resume', template: t, inputs: {}, identity: admin, owner: 'dead-gateway', leaseUntil: Date.now() + 300 });
    const at = new Date().toISOString();
    await store.checkpoint(id, 'dead-gateway', {
      stepId: 's1',
      index: 0,
      status: 'succeeded',
      attempts: 1,
      result: ok({ token: 't-1' }),
      error: null,
      startedAt: at,
      finishedAt: at,
    });
    await store.checkpoint(id, 'dead-gateway', {
      stepId: 's2',
      index: 1,
      status: 'running',
      attempts: 0,
      result: null,
      error: null,
      startedAt: at,
      finishedAt: null,
    });
    const { calls, call } = recordingCaller({ svc_one: async () => ok({}), svc_two: async (a) => ok({ got: a.from }), svc_three: async () => ok({}) });
    // Two replicas sweep the same expired run: exactly one drives it.
    const a = engineOn(store, call, 400).engine;
    const b = engineOn(store, call, 400).engine;
    a.start();
    b.start();
    const done = await a.waitFor(id, 10_000);
    await Promise.all([a.close(), b.close()]);
    expect(done?.status).toBe('succeeded');
    expect(calls).toEqual([
      { tool: 'svc_two', args: { from: 't-1' } },
      { tool: 'svc_three', args: {} },
    ]);
    expect(done!.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['s1', 'succeeded'],
      ['s2', 'succeeded'],
      ['s3', 'succeeded'],
    ]);
  });

  it('a sensitive step’s result never reaches the store, later steps still get it', async () => {
    await store.createTemplate(
      template({
        name: 'secretive',
        steps: [
          { id: 'read', tool: 'svc_secret', sensitive: true },
          { id: 'use', tool: 'svc_use', arguments: { password: '{{ steps.read.result.structuredContent.value }}' } },
        ],
      }),
    );
    const { calls, call } = recordingCaller({ svc_secret: async () => ok({ value: 'hunter2' }), svc_use: async () => ok({ used: true }) });
    const { engine } = engineOn(store, call);
    const run = await engine.startRun('secretive', {}, admin);
    const done = await engine.waitFor(run.id, 10_000);
    await engine.close();
    expect(done?.status).toBe('succeeded');
    expect(calls[1]).toEqual({ tool: 'svc_use', args: { password: 'hunter2' } });
    expect(JSON.stringify(await store.getRun(run.id))).not.toContain('hunter2');
  });
});
