import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGovernedGateway } from '../governance/harness.js';

let h: Awaited<ReturnType<typeof startGovernedGateway>>;
beforeAll(async () => {
  // The default policy: every tool annotated destructive waits for a person.
  h = await startGovernedGateway({ GATEWAY_APPROVAL_TIMEOUT_MS: '20000' });
});
afterAll(async () => h?.stop());

const getJson = async <T>(path: string) => (await (await h.admin(path)).json()) as T;

describe('a workflow step on a destructive tool waits for an approval', () => {
  it('the run stays running until an operator approves, then completes; the approval is on the audit row', async () => {
    const template = { steps: [{ id: 'remove', tool: 'github_delete_item', arguments: { id: 'gone' } }] };
    expect((await h.admin('/api/v1/workflows/cleanup', { method: 'POST', body: JSON.stringify(template) })).status).toBe(201);
    const started = await h.admin('/api/v1/workflows/cleanup/runs', { method: 'POST', body: '{}' });
    const { runId } = (await started.json()) as { runId: string };

    let pending: { id: string; tool: string; identity: string }[] = [];
    for (let i = 0; i < 100 && pending.length === 0; i++) {
      pending = (await getJson<{ approvals: typeof pending }>('/api/v1/approvals?status=pending')).approvals;
      if (pending.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pending.map((a) => [a.tool, a.identity])).toEqual([['github_delete_item', 'admin']]);
    expect((await getJson<{ status: string }>(`/api/v1/workflows/runs/${runId}`)).status).toBe('running');

    expect((await h.admin(`/api/v1/approvals/${pending[0]!.id}/approve`, { method: 'POST', body: JSON.stringify({ by: 'ops' }) })).status).toBe(200);
    let run = { status: 'running', steps: [] as { status: string; result: { structuredContent: unknown } }[] };
    for (let i = 0; i < 100 && run.status === 'running'; i++) {
      run = await getJson<typeof run>(`/api/v1/workflows/runs/${runId}`);
      if (run.status === 'running') await new Promise((r) => setTimeout(r, 100));
    }
    expect(run.status).toBe('succeeded');
    expect(run.steps[0]!.result.structuredContent).toEqual({ deleted: 'gone' });
    const audit = await getJson<{ entries: { tool: string; outcome: string; approval: string | null }[] }>('/api/v1/audit?tool=github_delete_item');
    expect(audit.entries.map((e) => [e.outcome, e.approval])).toEqual([['success', expect.stringMatching(/approved/)]]);
  });
});
