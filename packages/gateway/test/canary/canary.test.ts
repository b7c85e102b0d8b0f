import { createLogger, metricsRegistry } from '@mcp/runtime';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { CanaryManager } from '../../src/canary/canary-manager.js';
import { mountCanaryRoutes } from '../../src/canary/canary-routes.js';
import type { NamedBackendConfig } from '../../src/config/schema.js';
import { EventBus, type GatewayEvent } from '../../src/events/event-bus.js';

const logger = createLogger({ service: 'canary-test', level: 'silent' });
const backend = (name: string, canary?: Record<string, unknown>): NamedBackendConfig =>
  ({
    name,
    source: 'store',
    config: { type: 'http', url: `http://stable/${name}`, headers: {}, enabled: true, ...(canary && { canary }) },
  }) as NamedBackendConfig;

/** A deterministic pseudo-random sequence, so the tests do not flake. */
function seeded(seed = 42): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function setup(auto = true, windowMs = 10_000) {
  const events = new EventBus();
  const seen: GatewayEvent[] = [];
  events.subscribe((e) => seen.push(e));
  let clock = 0;
  const manager = new CanaryManager({
    events,
    logger,
    autoRollback: () => auto,
    policy: { windowMs, minCalls: 20, p95MinCalls: 20 },
    random: seeded(),
    now: () => clock,
  });
  const advance = (ms: number) => (clock += ms);
  advanceClock = advance;
  return { manager, seen, advance };
}
let advanceClock: (ms: number) => void = () => {};

/** Drives `n` calls through the hook; the canary fails with probability `canaryErrorRate`, answers in `canaryMs`. */
async function load(manager: CanaryManager, n: number, canaryErrorRate: number, rnd = seeded(7), canaryMs = 0) {
  const hits = { stable: 0, canary: 0 };
  for (let i = 0; i < n; i++) {
    await manager
      .route(
        'svc',
        {
          stable: async () => {
            hits.stable++;
            advanceClock(1);
            return { isError: false };
          },
          canary: async () => {
            hits.canary++;
            if (canaryMs) advanceClock(canaryMs);
            if (rnd() < canaryErrorRate) throw new Error('canary broke');
            return { isError: false };
          },
        },
        (r) => r.isError,
      )
      .catch(() => undefined);
  }
  return hits;
}

describe('canary routing', () => {
  it('rolls a canary failing 30 % of calls back within the window; calls then go only to stable', async () => {
    const { manager, seen } = setup();
    manager.sync([backend('svc', { url: 'http://canary/svc', weight: 30 })]);
    const first = await load(manager, 400, 0.3);
    expect(first.canary).toBeGreaterThanOrEqual(20);
    const status = manager.get('svc')!.status();
    expect(status).toMatchObject({ state: 'rolled_back', weight: 0, reason: expect.stringMatching(/canary error rate .* exceeds stable's/) });
    expect(seen.filter((e) => e.type === 'canary.rolled_back')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ name: 'svc', actor: 'auto' }) }),
    ]);
    // rolled back after about minCalls canary calls, well inside the window
    expect(status.canary.calls).toBeLessThan(60);
    const after = await load(manager, 200, 0.3);
    expect(after).toEqual({ stable: 200, canary: 0 });
    const metrics = await metricsRegistry.metrics();
    expect(metrics).toMatch(/mcp_canary_weight\{service="gateway",backend="svc"\} 0/);
    expect(metrics).toMatch(/mcp_canary_rollbacks_total\{service="gateway",backend="svc",actor="auto"\} [1-9]/);
  });

  it('leaves a healthy canary alone', async () => {
    const { manager, seen } = setup();
    manager.sync([backend('svc', { url: 'http://canary/svc', weight: 30 })]);
    const hits = await load(manager, 600, 0);
    expect(hits.canary).toBeGreaterThan(120);
    expect(manager.get('svc')!.status()).toMatchObject({ state: 'active', weight: 30 });
    expect(seen).toEqual([]);
  });

  it('rolls back on a p95 regression of more than 20 %, and only reports while auto-rollback is off', async () => {
    const off = setup(false);
    off.manager.sync([backend('svc', { command: 'node', args: ['v2.js'], weight: 50 })]);
    await load(off.manager, 80, 0, seeded(1), 8);
    expect(off.manager.get('svc')!.verdict()).toMatch(/canary p95 .* regresses more than 20.0 %/);
    expect(off.manager.get('svc')!.status().state).toBe('active');

    const on = setup(true);
    on.manager.sync([backend('svc', { command: 'node', args: ['v2.js'], weight: 50 })]);
    await load(on.manager, 80, 0, seeded(1), 8);
    expect(on.manager.get('svc')!.status()).toMatchObject({ state: 'rolled_back', weight: 0, reason: expect.stringMatching(/p95/) });
  });

  it('forgets errors older than the window', async () => {
    const { manager, advance } = setup(false, 1_000);
    manager.sync([backend('svc', { url: 'http://canary/svc', weight: 100 })]);
    await load(manager, 30, 1);
    expect(manager.get('svc')!.status().canary).toMatchObject({ calls: 30, errors: 30 });
    advance(1_001);
    expect(manager.get('svc')!.status().canary).toMatchObject({ calls: 0, errors: 0, p95Ms: null });
  });

  it('keeps a controller across reloads while its canary is unchanged; ignores invalid canaries', () => {
    const { manager } = setup();
    manager.sync([backend('svc', { url: 'http://canary/svc', weight: 10 }), backend('plain'), backend('bad', { weight: 10 })]);
    const controller = manager.get('svc')!;
    controller.rollback('test', 'admin-api');
    manager.sync([backend('svc', { weight: 10, url: 'http://canary/svc' })]);
    expect(manager.get('svc')).toBe(controller);
    expect(manager.target('svc')).toEqual({ url: 'http://canary/svc' });
    expect(manager.list().map((s) => s.name)).toEqual(['svc']);
    manager.sync([backend('svc', { url: 'http://canary/svc', weight: 20 })]);
    expect(manager.get('svc')).not.toBe(controller);
    manager.sync([backend('svc')]);
    expect(manager.list()).toEqual([]);
  });

  it('admin API: list, promote, roll back by hand', async () => {
    const { manager, seen } = setup();
    manager.sync([backend('svc', { url: 'http://canary/svc', weight: 10 })]);
    const app = new Hono();
    mountCanaryRoutes(app, { canaries: manager, actorOf: () => 'admin-api' });
    expect(((await (await app.request('/api/v1/canaries')).json()) as { canaries: unknown[] }).canaries).toEqual([
      expect.objectContaining({ name: 'svc', weight: 10, state: 'active' }),
    ]);
    expect((await app.request('/api/v1/canaries/nope/promote', { method: 'POST' })).status).toBe(404);
    expect(await (await app.request('/api/v1/canaries/svc/promote', { method: 'POST' })).json()).toMatchObject({ state: 'promoted', weight: 100 });
    expect(await (await app.request('/api/v1/canaries/svc/rollback', { method: 'POST' })).json()).toMatchObject({
      state: 'rolled_back',
      weight: 0,
      reason: 'rolled back by hand',
    });
    const put = (body: unknown) =>
      app.request('/api/v1/canaries/svc/weight', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put({ weight: 101 })).status).toBe(400);
    expect((await put({})).status).toBe(400);
    expect(await (await put({ weight: 5 })).json()).toMatchObject({ state: 'active', weight: 5, reason: null });
    expect(seen.map((e) => [e.type, e.data.actor])).toEqual([
      ['canary.promoted', 'admin-api'],
      ['canary.rolled_back', 'admin-api'],
      ['canary.weight_changed', 'admin-api'],
    ]);
    expect(await metricsRegistry.metrics()).toMatch(/mcp_canary_weight\{service="gateway",backend="svc"\} 5/);
  });
});
