import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { approvalStoreFor } from '../../src/governance/governance-store.js';
import { deletions } from './fixture-service.js';
import { startGovernedGateway, textOf } from './harness.js';
import { engines } from './stores.js';

const { list } = await engines();

for (const engine of list) {
  describe(`approval store on ${engine.name}`, () => {
    let dispose: (() => Promise<void>) | undefined;
    afterEach(async () => dispose?.());
    it('a pending approval is decided once; a second decision finds it no longer pending', async () => {
      const opened = await engine.open();
      dispose = opened.dispose;
      const store = approvalStoreFor(opened.store);
      const now = Date.now();
      const base = { tool: 'k8s_delete_pod', identity: 'key:x', arguments: { pod: 'p' }, reason: 'annotated destructive' };
      await store.createApproval({ ...base, id: 'a1', requestedAt: new Date(now).toISOString(), expiresAt: new Date(now + 1000).toISOString() });
      await store.createApproval({ ...base, id: 'a2', requestedAt: new Date(now + 1).toISOString(), expiresAt: new Date(now + 1000).toISOString() });
      expect((await store.listApprovals('pending')).map((a) => a.id)).toEqual(['a2', 'a1']);
      expect(await store.decideApproval('a1', 'approved', 'alice', 'ok')).toMatchObject({ status: 'approved', decidedBy: 'alice', note: 'ok' });
      expect(await store.decideApproval('a1', 'denied', 'bob')).toBeUndefined();
      expect((await store.getApproval('a1'))!.status).toBe('approved');
      expect((await store.listApprovals('pending')).map((a) => a.id)).toEqual(['a2']);
      expect((await store.getApproval('a2'))!.arguments).toEqual({ pod: 'p' });
    });
  });
}

describe('approvals through the gateway', () => {
  let h: Awaited<ReturnType<typeof startGovernedGateway>>;
  beforeAll(async () => {
    h = await startGovernedGateway({ GATEWAY_APPROVAL_TIMEOUT_MS: '1500', GATEWAY_APPROVAL_TOOLS: 'slack_write_*' });
  });
  afterAll(async () => h?.stop());

  const pending = async () => {
    for (let i = 0; i < 100; i++) {
      const { approvals } = (await (await h.admin('/api/v1/approvals?status=pending')).json()) as { approvals: { id: string; tool: string }[] };
      if (approvals.length > 0) return approvals[0]!;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no pending approval appeared');
  };

  it('a destructive call waits; denying it returns a clear refusal and it never runs', async () => {
    const client = await h.connectAs();
    const before = deletions;
    const call = client.callTool({ name: 'github_delete_item', arguments: { id: '9' } });
    const approval = await pending();
    expect(approval.tool).toBe('github_delete_item');
    const denied = await h.admin(`/api/v1/approvals/${approval.id}/deny`, {
      method: 'POST',
      body: JSON.stringify({ by: 'bob', note: 'not during the freeze' }),
    });
    expect(denied.status).toBe(200);
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/needed approval \(annotated destructive\) and was refused: bob denied it: not during the freeze\. It was not run\./);
    expect(deletions).toBe(before);
    expect((await h.admin(`/api/v1/approvals/${approval.id}/approve`, { method: 'POST' })).status).toBe(409);
    await client.close();
  });

  it('approving it runs it', async () => {
    const client = await h.connectAs();
    const before = deletions;
    const call = client.callTool({ name: 'github_delete_item', arguments: { id: '10' } });
    const approval = await pending();
    expect((await h.admin(`/api/v1/approvals/${approval.id}/approve`, { method: 'POST', body: JSON.stringify({ by: 'alice' }) })).status).toBe(200);
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('10');
    expect(deletions).toBe(before + 1);
    await client.close();
  });

  it('a timeout denies; configured names need approval too; read-only calls never wait', async () => {
    const client = await h.connectAs();
    const started = Date.now();
    const result = await client.callTool({ name: 'slack_write_item', arguments: {} });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(textOf(result)).toMatch(/listed in GATEWAY_APPROVAL_TOOLS\) and was refused: nobody approved it within 2 s/);
    expect((await client.callTool({ name: 'github_write_item', arguments: {} })).isError).toBeFalsy();
    expect((await client.callTool({ name: 'github_read_item', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });

  it('all three decisions are in the audit log, and the events were published', async () => {
    const rows = (await (await h.admin('/api/v1/audit?limit=10')).json()) as { entries: { tool: string; outcome: string; approval: string | null }[] };
    const decided = rows.entries.filter((e) => e.approval !== null).map((e) => [e.tool, e.outcome, e.approval]);
    expect(decided).toEqual([
      ['slack_write_item', 'denied', 'timed_out'],
      ['github_delete_item', 'success', 'approved by alice'],
      ['github_delete_item', 'denied', 'denied by bob'],
    ]);
    const events = (await h.gateway.init()).client.events.recent(1000).map((e) => e.type);
    expect(events.filter((t) => t === 'approval.requested').length).toBe(3);
    expect(events.filter((t) => t === 'approval.decided').length).toBe(3);
  });
});
