import { afterEach, describe, expect, it } from 'vitest';
import { hashKey, issueApiKey } from '../../src/governance/api-keys.js';
import { governanceStoreFor } from '../../src/governance/governance-store.js';
import type { AuditEntry } from '../../src/governance/types.js';
import { engines, pgUrl } from './stores.js';

const { list, pgProblem } = await engines();

if (pgProblem && process.env.CI === 'true') {
  it('needs PostgreSQL (CI=true)', () => {
    throw new Error(`PostgreSQL unreachable at ${pgUrl}: ${pgProblem}`);
  });
}

const entry = (i: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  identity: i % 2 === 0 ? 'key:a' : 'key:b',
  tool: i % 3 === 0 ? 'github_list_issues' : 'slack_post_message',
  arguments: { i, nested: { ok: true } },
  outcome: i % 5 === 0 ? 'denied' : 'success',
  error: null,
  latencyMs: 1.5,
  traceId: 't'.repeat(32),
  requestId: `r${i}`,
  approval: null,
  ...over,
});

for (const engine of list) {
  describe(`governance store on ${engine.name}`, () => {
    let dispose: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await dispose?.();
      dispose = undefined;
    });
    const open = async () => {
      const opened = await engine.open();
      dispose = opened.dispose;
      return governanceStoreFor(opened.store);
    };

    it('keeps only the key hash; finds active keys by hash; revoke hides them', async () => {
      const store = await open();
      expect(await store.countActiveApiKeys()).toBe(0);
      const { key, record } = await issueApiKey(store, 'ci', { namespaces: ['github'], readOnly: true });
      expect(key).toMatch(/^mcpgw_/);
      expect(JSON.stringify(await store.listApiKeys())).not.toContain(key);
      expect(await store.findApiKeyByHash(hashKey(key))).toEqual(record);
      expect(record.scopes).toEqual({ namespaces: ['github'], readOnly: true });
      expect(await store.countActiveApiKeys()).toBe(1);
      expect(await store.revokeApiKey(record.id)).toBe(true);
      expect(await store.revokeApiKey(record.id)).toBe(false);
      expect(await store.findApiKeyByHash(hashKey(key))).toBeUndefined();
      expect(await store.countActiveApiKeys()).toBe(0);
      expect((await store.listApiKeys())[0]!.revokedAt).not.toBeNull();
    });

    it('appends audit batches and queries them with filters and paging, newest first', async () => {
      const store = await open();
      await store.appendAudit(Array.from({ length: 30 }, (_, i) => entry(i)));
      expect(await store.countAudit()).toBe(30);
      const page1 = await store.queryAudit({ limit: 10 });
      expect(page1.map((r) => r.requestId)).toEqual(Array.from({ length: 10 }, (_, i) => `r${29 - i}`));
      const page2 = await store.queryAudit({ limit: 10, before: page1.at(-1)!.id });
      expect(page2[0]!.requestId).toBe('r19');
      expect(page2[0]!.arguments).toEqual({ i: 19, nested: { ok: true } });
      expect((await store.queryAudit({ identity: 'key:a', limit: 100 })).length).toBe(15);
      expect((await store.queryAudit({ tool: 'github_list_issues', limit: 100 })).length).toBe(10);
      expect((await store.queryAudit({ outcome: 'denied', limit: 100 })).length).toBe(6);
      const ranged = await store.queryAudit({ since: entry(10).at, until: entry(14).at, limit: 100 });
      expect(ranged.map((r) => r.requestId).sort()).toEqual(['r10', 'r11', 'r12', 'r13', 'r14']);
    });
  });
}
