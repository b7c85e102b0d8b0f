import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackendManager, type GatewayBackendManager } from '../../src/backends/manager.js';
import type { BackendConfig, NamedBackendConfig } from '../../src/config/schema.js';
import { EventBus } from '../../src/events/event-bus.js';
import { EXAMPLE_ENTRY, silentLogger, startExample, startProbeService, waitFor } from './helpers.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

function manager(options: { healthIntervalMs?: number; drainTimeoutMs?: number } = {}): { m: GatewayBackendManager; events: EventBus } {
  const events = new EventBus();
  const m = createBackendManager({
    logger: silentLogger,
    events,
    healthIntervalMs: options.healthIntervalMs ?? 100,
    defaultTimeoutMs: 5_000,
    drainTimeoutMs: options.drainTimeoutMs ?? 5_000,
    backoff: { baseMs: 50, capMs: 200 },
    breaker: { resetTimeoutMs: 60_000 },
  });
  cleanups.push(() => m.close());
  return { m, events };
}

const http = (name: string, url: string, extra: Partial<BackendConfig> = {}): NamedBackendConfig => ({
  name,
  config: { type: 'http', url, headers: {}, enabled: true, ...extra } as BackendConfig,
  source: 'file',
});
const stdio: NamedBackendConfig = {
  name: 'local',
  config: { command: process.execPath, args: [EXAMPLE_ENTRY, '--stdio'], env: { LOG_LEVEL: 'warn' }, enabled: true },
  source: 'file',
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('backend manager', () => {
  it('applies the registry as a diff: unchanged untouched, presentation changes in place, connection changes swapped after draining', async () => {
    const probe = await startProbeService();
    const other = await startProbeService();
    cleanups.push(probe.close, other.close);
    const { m, events } = manager();
    let catalogChanges = 0;
    m.onCatalogChanged(() => catalogChanges++);

    const first = await m.apply([http('probe', probe.url), stdio]);
    expect(first).toEqual({ added: ['probe', 'local'], removed: [], updated: [], unchanged: [] });
    expect(m.status().map((s) => [s.name, s.state])).toEqual([
      ['local', 'healthy'],
      ['probe', 'healthy'],
    ]);
    const original = m.get('probe');
    await waitFor(() => catalogChanges > 0);

    // Same content, different key order and explicit defaults: unchanged.
    const same = await m.apply([{ ...stdio, config: { ...stdio.config } }, http('probe', probe.url)]);
    expect(same.unchanged.sort()).toEqual(['local', 'probe']);
    expect(m.get('probe')).toBe(original);

    // Namespace/timeout only: updated in place, the session is kept.
    const renamed = await m.apply([http('probe', probe.url, { namespace: 'p', timeoutMs: 1_000 }), stdio]);
    expect(renamed.updated).toEqual(['probe']);
    expect(m.get('probe')).toBe(original);
    expect(m.get('probe')?.config.namespace).toBe('p');

    // A new URL: a new backend; the old one finishes its in-flight call first.
    const inflight = original?.callTool('slow', { ms: 400 });
    await new Promise((r) => setTimeout(r, 50));
    const moved = await m.apply([http('probe', other.url, { namespace: 'p' }), stdio]);
    expect(moved.updated).toEqual(['probe']);
    expect(m.get('probe')).not.toBe(original);
    expect(m.get('probe')?.status().state).toBe('healthy');
    expect((await inflight)?.structuredContent).toEqual({ slept: 400 });
    await waitFor(() => original?.status().state === 'stopped');

    const removed = await m.apply([stdio]);
    expect(removed.removed).toEqual(['probe']);
    expect(m.get('probe')).toBeUndefined();

    const types = events.recent().map((e) => `${e.type}:${e.data.name}`);
    expect(types).toEqual(
      expect.arrayContaining(['backend.added:probe', 'backend.added:local', 'backend.healthy:probe', 'backend.updated:probe', 'backend.removed:probe']),
    );
    const updates = events.recent().filter((e) => e.type === 'backend.updated');
    expect(updates.map((e) => e.data.restarted)).toEqual([false, true]);
  });

  it('disabled entries are not started; duplicate names do not start twice', async () => {
    const probe = await startProbeService();
    cleanups.push(probe.close);
    const { m } = manager();
    const report = await m.apply([http('a', probe.url), http('a', probe.url), http('b', probe.url, { enabled: false })]);
    expect(report.added).toEqual(['a']);
    expect(m.list().map((b) => b.name)).toEqual(['a']);
  });

  it('keeps a backend that fails to start (unhealthy, isolated) and brings it up once it appears', async () => {
    const port = await freePort();
    const healthy = await startExample();
    cleanups.push(healthy.close);
    const { m, events } = manager();
    const report = await m.apply([http('late', `http://127.0.0.1:${port}/mcp`), http('ok', healthy.url)]);
    expect(report.added).toEqual(['late', 'ok']);
    expect(m.get('late')?.status().state).toBe('unhealthy');
    expect(m.get('ok')?.status().state).toBe('healthy');
    expect((await m.get('ok')?.callTool('hash_text', { text: 'a' }))?.isError).toBeFalsy();

    const late = await startExample(port);
    cleanups.push(late.close);
    await waitFor(() => m.get('late')?.status().state === 'healthy', 5_000);
    expect(events.recent().some((e) => e.type === 'backend.healthy' && e.data.name === 'late')).toBe(true);
  });

  it('health polling notices a dead backend by itself and announces it', async () => {
    const svc = await startExample();
    const { m, events } = manager({ healthIntervalMs: 50 });
    await m.apply([http('example', svc.url)]);
    let changed = 0;
    m.onCatalogChanged(() => changed++);
    await svc.close();
    await waitFor(() => m.get('example')?.status().state === 'unhealthy', 5_000);
    await waitFor(() => changed > 0);
    expect(events.recent().some((e) => e.type === 'backend.unhealthy' && e.data.name === 'example')).toBe(true);
  });

  it('close() stops every backend, children included', async () => {
    const { m } = manager();
    await m.apply([stdio]);
    const pid = m.get('local')?.status().pid as number;
    await m.close();
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(m.apply([])).rejects.toThrow(/closed/);
  });
});
