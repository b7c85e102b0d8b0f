import { createLogger } from '@mcp/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminAudit } from '../../src/audit/admin-audit.js';
import { CanaryManager } from '../../src/canary/canary-manager.js';
import { canaryOverrideStoreFor } from '../../src/canary/canary-override-store.js';
import type { NamedBackendConfig } from '../../src/config/schema.js';
import { EventBus } from '../../src/events/event-bus.js';
import { governanceStoreFor } from '../../src/governance/governance-store.js';
import type { MigratableStore } from '../../src/store/index.js';
import { type EngineFixture, forEachEngine } from '../migration/engines.js';

const logger = createLogger({ service: 'canary-overrides-test', level: 'silent' });
const backend = (canary: Record<string, unknown>): NamedBackendConfig =>
  ({ name: 'svc', source: 'store', config: { type: 'http', url: 'http://stable/svc', headers: {}, enabled: true, canary } }) as NamedBackendConfig;
const V1 = { url: 'http://canary/v1', weight: 30 };

/** One gateway process's canaries on a shared store (a replica, or the same gateway after a restart). */
function replica(store: MigratableStore, random = () => 0.1) {
  const audit = new AdminAudit((e) => governanceStoreFor(store).appendAudit([e]), logger);
  return new CanaryManager({
    events: new EventBus(),
    logger,
    autoRollback: () => true,
    policy: { windowMs: 60_000, minCalls: 20 },
    random,
    now: () => 0,
    overrides: canaryOverrideStoreFor(store),
    audit,
  });
}

async function failCanary(manager: CanaryManager, n: number) {
  for (let i = 0; i < n; i++) {
    await manager
      .route('svc', {
        stable: async () => 'ok',
        canary: async () => {
          throw new Error('canary broke');
        },
      })
      .catch(() => undefined);
  }
}

await forEachEngine('canary overrides', (engine, fresh) => {
  describe(`canary overrides (${engine})`, () => {
    let fixture: EngineFixture | undefined;
    const stores: MigratableStore[] = [];
    const open = async () => {
      fixture ??= await fresh();
      const store = fixture.open();
      await store.migrate();
      stores.push(store);
      return store;
    };
    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close();
      await fixture?.dispose();
      fixture = undefined;
    });

    it('an automatic rollback survives a restart: the new process never sends a call to the bad canary', async () => {
      const first = replica(await open());
      first.sync([backend(V1)]);
      await first.refresh();
      await failCanary(first, 40);
      expect(first.get('svc')!.status()).toMatchObject({ state: 'rolled_back', weight: 0 });
      // written in the background: the next poll (or close) has it stored
      await first.refresh();

      const store = await open();
      expect(await canaryOverrideStoreFor(store).list()).toEqual([
        expect.objectContaining({ backend: 'svc', state: 'rolled_back', weight: 0, actor: 'system:canary', reason: expect.stringMatching(/error rate/) }),
      ]);
      const restarted = replica(store);
      restarted.sync([backend(V1)]);
      // held before the override is read: even then, stable only
      expect(restarted.get('svc')!.pick()).toBe('stable');
      await restarted.refresh();
      expect(restarted.get('svc')!.status()).toMatchObject({ state: 'rolled_back', weight: 0 });
      expect(restarted.list()[0]).toMatchObject({ changedBy: 'system:canary' });
      expect(restarted.get('svc')!.pick()).toBe('stable');

      // a system audit entry, queryable by kind
      const audit = await governanceStoreFor(store).queryAudit({ kind: 'system' });
      expect(audit).toEqual([
        expect.objectContaining({
          kind: 'system',
          identity: 'system:canary',
          tool: 'canary.rolled_back',
          arguments: expect.objectContaining({ backend: 'svc' }),
        }),
      ]);
      expect(await governanceStoreFor(store).queryAudit({ kind: 'tool_call' })).toEqual([]);

      // a new canary config (a new version) starts afresh at its weight
      restarted.sync([backend({ url: 'http://canary/v2', weight: 30 })]);
      await restarted.refresh();
      expect(restarted.get('svc')!.status()).toMatchObject({ state: 'active', weight: 30 });
      expect(restarted.get('svc')!.pick()).toBe('canary');
    });

    it('replicas follow each other: promote, roll back and set weights by hand, audited as admin', async () => {
      const a = replica(await open());
      const b = replica(await open());
      for (const r of [a, b]) {
        r.sync([backend(V1)]);
        await r.refresh();
      }
      expect(await a.act('svc', { type: 'promote' }, 'admin:key:aaaaaaaaaaaa')).toMatchObject({ state: 'promoted', weight: 100 });
      await b.refresh();
      expect(b.get('svc')!.status()).toMatchObject({ state: 'promoted', weight: 100 });

      await b.act('svc', { type: 'weight', weight: 7 }, 'admin:key:bbbbbbbbbbbb');
      await a.refresh();
      expect(a.get('svc')!.status()).toMatchObject({ state: 'active', weight: 7 });
      expect(a.list()[0]).toMatchObject({ changedBy: 'admin:key:bbbbbbbbbbbb' });

      await a.act('svc', { type: 'rollback', reason: 'pager' }, 'admin:key:aaaaaaaaaaaa');
      await b.refresh();
      expect(b.get('svc')!.status()).toMatchObject({ state: 'rolled_back', weight: 0, reason: 'pager' });
      // an older row never undoes a newer local change
      await b.refresh();
      expect(b.get('svc')!.status().state).toBe('rolled_back');

      const rows = await governanceStoreFor(await open()).queryAudit({ kind: 'admin' });
      expect(rows.map((r) => [r.tool, r.identity, (r.arguments as { to: { weight: number } }).to.weight])).toEqual([
        ['canary.rolled_back', 'admin:key:aaaaaaaaaaaa', 0],
        ['canary.weight_changed', 'admin:key:bbbbbbbbbbbb', 7],
        ['canary.promoted', 'admin:key:aaaaaaaaaaaa', 100],
      ]);
      expect(await governanceStoreFor(await open()).queryAudit({ kind: 'admin', tool: 'canary.promoted' })).toHaveLength(1);
      expect(await a.act('nope', { type: 'promote' }, 'admin:x')).toBeUndefined();
    });

    it('a change by hand is refused, and nothing changes, when the store cannot keep it', async () => {
      const store = await open();
      const a = replica(store);
      a.sync([backend(V1)]);
      await a.refresh();
      await store.close();
      stores.splice(stores.indexOf(store), 1);
      await expect(a.act('svc', { type: 'promote' }, 'admin:key:aaaaaaaaaaaa')).rejects.toThrow(/audit log is unavailable/);
      expect(a.get('svc')!.status()).toMatchObject({ state: 'active', weight: 30 });
    });
  });
});
