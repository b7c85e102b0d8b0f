import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectHttp } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/server.js';
import { createFlakyService } from './flaky-service.js';

const ADMIN = 'admin-key-for-canary-tests-1';

async function scenario(canaryErrorPercent: number, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gw-canary-'));
  const stable = createFlakyService('stable', 0);
  const canary = createFlakyService('canary', canaryErrorPercent);
  const stableUrl = (await stable.start({ port: 0, host: '127.0.0.1' })).url;
  const canaryUrl = (await canary.start({ port: 0, host: '127.0.0.1' })).url;
  writeFileSync(join(dir, '.mcp.json'), JSON.stringify({ mcpServers: { svc: { type: 'http', url: stableUrl, canary: { url: canaryUrl, weight: 30 } } } }));
  const gatewayEnv = {
    LOG_LEVEL: process.env.DEBUG_CANARY ? 'error' : 'silent',
    MCP_CONFIG: join(dir, '.mcp.json'),
    GATEWAY_SQLITE_PATH: join(dir, 'gateway.sqlite'),
    GATEWAY_ADMIN_API_KEYS: ADMIN,
    GATEWAY_WATCH: 'false',
    GATEWAY_HEALTH_INTERVAL_MS: '200',
    MCP_LIST_CACHE_TTL_SECONDS: '0',
    MCP_SHUTDOWN_DRAIN_MS: '200',
    ...env,
  };
  let gateway = createGateway(gatewayEnv);
  let base = '';
  let client: Awaited<ReturnType<typeof connectHttp>>;
  const admin = async (path: string) => (await fetch(`${base}${path}`, { headers: { 'x-api-key': ADMIN } })).json();
  const canaries = async () => ((await admin('/api/v1/canaries')) as { canaries: Array<Record<string, unknown>> }).canaries;
  const boot = async () => {
    const url = (await gateway.start({ port: 0, host: '127.0.0.1' })).url;
    base = url.replace(/\/mcp$/, '');
    client = await connectHttp(url);
    // wait until both targets are connected (a canary gets no traffic before)
    for (let i = 0; i < 200; i++) {
      const ready = (await client.listTools()).tools.length > 0 && (await canaries())[0]?.targetState === 'healthy';
      if (ready) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await boot();
  /** Stops the gateway and starts a new one on the same store and registry file. */
  const restart = async () => {
    await client.close();
    await gateway.stop();
    gateway = createGateway(gatewayEnv);
    await boot();
  };
  /** `n` calls, `concurrency` at a time; returns who served them. */
  const load = async (n: number, concurrency = 10) => {
    const served = { stable: 0, canary: 0, errors: 0 };
    for (let i = 0; i < n; i += concurrency) {
      const batch = await Promise.all(Array.from({ length: Math.min(concurrency, n - i) }, () => client.callTool({ name: 'svc_ping', arguments: {} })));
      for (const r of batch) {
        if (r.isError) {
          served.errors++;
          if (process.env.DEBUG_CANARY) console.log(JSON.stringify(r));
        } else served[(r.structuredContent as { target: 'stable' | 'canary' }).target]++;
      }
    }
    return served;
  };
  const close = async () => {
    await client.close();
    await gateway.stop();
    await stable.stop();
    await canary.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { load, canaries, close, restart, admin };
}

describe('gateway canary routing', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('a canary failing 30 % of calls is rolled back under load; then every call goes to stable', async () => {
    const s = await scenario(30, { GATEWAY_CANARY_P95_MIN_DELTA_MS: '10000' });
    close = s.close;
    const first = await s.load(200);
    expect(first.canary + first.errors).toBeGreaterThan(0);
    expect(await s.canaries()).toEqual([
      expect.objectContaining({ name: 'svc', state: 'rolled_back', weight: 0, reason: expect.stringMatching(/error rate/) }),
    ]);
    expect(await s.load(60)).toEqual({ stable: 60, canary: 0, errors: 0 });

    // the rollback is an audit entry (kind system), through the audit API and its export
    const until = async <T>(get: () => Promise<T>, ok: (v: T) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const v = await get();
        if (ok(v)) return v;
        await new Promise((r) => setTimeout(r, 20));
      }
      return get();
    };
    const audit = await until(
      async () => ((await s.admin('/api/v1/audit?kind=system')) as { entries: Array<Record<string, unknown>> }).entries,
      (e) => e.length > 0,
    );
    expect(audit).toEqual([expect.objectContaining({ kind: 'system', identity: 'system:canary', tool: 'canary.rolled_back', outcome: 'success' })]);

    // a restart does not resurrect the bad canary
    await s.restart();
    expect(await s.canaries()).toEqual([expect.objectContaining({ name: 'svc', state: 'rolled_back', weight: 0, changedBy: 'system:canary' })]);
    expect(await s.load(60)).toEqual({ stable: 60, canary: 0, errors: 0 });
  });

  it('a healthy canary keeps its share and nothing happens', async () => {
    // Latency on a shared test machine is noise; the p95 rule is covered deterministically in canary.test.ts.
    const s = await scenario(0, { GATEWAY_CANARY_P95_MIN_DELTA_MS: '10000' });
    close = s.close;
    const served = await s.load(200);
    expect(served.errors).toBe(0);
    expect(served.canary).toBeGreaterThan(30);
    expect(served.stable).toBeGreaterThan(100);
    expect(await s.canaries()).toEqual([expect.objectContaining({ name: 'svc', state: 'active', weight: 30 })]);
  });
});
