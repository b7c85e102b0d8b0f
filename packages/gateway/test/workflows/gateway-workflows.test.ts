import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGovernedGateway, textOf } from '../governance/harness.js';

let h: Awaited<ReturnType<typeof startGovernedGateway>>;
beforeAll(async () => {
  h = await startGovernedGateway({ GATEWAY_APPROVAL_POLICY: 'off' });
});
afterAll(async () => h?.stop());

const demo = {
  description: 'Reads an item, then writes one named after it.',
  inputs: { id: { type: 'string', description: 'item id' } },
  steps: [
    { id: 'read', tool: 'github_read_item', arguments: { id: '{{ inputs.id }}' } },
    { id: 'write', tool: 'github_write_item', arguments: { id: '{{ steps.read.result.structuredContent.id }}-copy' } },
  ],
};

const toolNames = async (key?: string) => {
  const client = await h.connectAs(key);
  const names = (await client.listTools()).tools.map((t) => t.name);
  await client.close();
  return names;
};
const structured = (r: unknown) => (r as { structuredContent: Record<string, unknown> }).structuredContent;

describe('workflows through the gateway (MCP tools, admin API, governance)', () => {
  it('without any workflow the gateway does not list the workflow tools', async () => {
    expect(await toolNames()).not.toContain('run_workflow');
  });

  it('admin API: an invalid template is refused with every problem; a valid one is stored', async () => {
    const bad = await h.admin('/api/v1/workflows/demo', {
      method: 'POST',
      body: JSON.stringify({ steps: [{ id: 'a', tool: 'x y', arguments: { v: '{{ inputs.nope }}' } }] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems).toEqual([
      expect.stringMatching(/^steps\.0\.tool: /),
      expect.stringMatching(/^steps\.0\.arguments\.v: unknown input "nope"/),
    ]);
    const created = await h.admin('/api/v1/workflows/demo', { method: 'POST', body: JSON.stringify(demo) });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { version: number }).version).toBe(1);
    expect((await h.admin('/api/v1/workflows/demo', { method: 'POST', body: JSON.stringify(demo) })).status).toBe(409);
    const stale = await h.admin('/api/v1/workflows/demo', { method: 'PUT', body: JSON.stringify(demo), headers: { 'if-match': '7' } });
    expect(stale.status).toBe(409);
    const listed = (await (await h.admin('/api/v1/workflows')).json()) as { workflows: { name: string; source: string }[] };
    expect(listed.workflows.map((w) => [w.name, w.source])).toEqual([['demo', 'store']]);
  });

  it('MCP: list_workflows and run_workflow (wait) run each step through the federation; get_workflow_run reads it back', async () => {
    expect(await toolNames()).toEqual(expect.arrayContaining(['run_workflow', 'get_workflow_run', 'list_workflows', 'github_read_item']));
    const client = await h.connectAs();
    const listed = structured(await client.callTool({ name: 'list_workflows', arguments: {} }));
    expect(listed.workflows).toEqual([
      {
        name: 'demo',
        description: demo.description,
        source: 'store',
        steps: ['read', 'write'],
        inputSchema: { type: 'object', properties: { id: { type: 'string', description: 'item id' } }, required: ['id'], additionalProperties: false },
      },
    ]);
    const invalid = await client.callTool({ name: 'run_workflow', arguments: { workflow: 'demo', inputs: { id: 5 } } });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/Invalid inputs for workflow demo: inputs.id/);
    const run = structured(await client.callTool({ name: 'run_workflow', arguments: { workflow: 'demo', inputs: { id: '42' }, wait: true, waitMs: 20_000 } }));
    expect(run).toMatchObject({ workflow: 'demo', status: 'succeeded', startedBy: 'anonymous' });
    const steps = run.steps as { id: string; status: string; result: { structuredContent: unknown } }[];
    expect(steps.map((s) => [s.id, s.status, s.result.structuredContent])).toEqual([
      ['read', 'succeeded', { id: '42' }],
      ['write', 'succeeded', { written: '42-copy' }],
    ]);
    const again = structured(await client.callTool({ name: 'get_workflow_run', arguments: { runId: run.runId } }));
    expect(again).toEqual(run);
    await client.close();
    // Each step is one audited tool call of the identity that started the run.
    const audit = (await (await h.admin('/api/v1/audit?identity=anonymous&limit=10')).json()) as {
      entries: { tool: string; outcome: string; arguments: unknown }[];
    };
    expect(audit.entries.slice(0, 5).map((e) => [e.tool, e.outcome, e.arguments])).toEqual([
      ['get_workflow_run', 'success', { runId: run.runId }],
      ['run_workflow', 'success', { workflow: 'demo', inputs: { id: '42' }, wait: true, waitMs: 20_000 }],
      ['github_write_item', 'success', { id: '42-copy' }],
      ['github_read_item', 'success', { id: '42' }],
      ['run_workflow', 'error', { workflow: 'demo', inputs: { id: 5 } }],
    ]);
  });

  it('admin API: start a run, list runs by status, read one; unknown workflow is 404', async () => {
    const res = await h.admin('/api/v1/workflows/demo/runs', { method: 'POST', body: JSON.stringify({ inputs: { id: '9' }, wait: true }) });
    expect(res.status).toBe(200);
    const run = (await res.json()) as { runId: string; status: string; startedBy: string };
    expect([run.status, run.startedBy]).toEqual(['succeeded', 'admin']);
    const listed = (await (await h.admin('/api/v1/workflows/runs?status=succeeded')).json()) as { runs: { runId: string }[] };
    expect(listed.runs.map((r) => r.runId)).toContain(run.runId);
    expect(((await (await h.admin('/api/v1/workflows/runs?status=failed')).json()) as { runs: unknown[] }).runs).toEqual([]);
    expect((await h.admin(`/api/v1/workflows/runs/${run.runId}`)).status).toBe(200);
    expect((await h.admin('/api/v1/workflows/runs/nope')).status).toBe(404);
    expect((await h.admin('/api/v1/workflows/absent/runs', { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await h.admin('/api/v1/workflows/runs?status=weird')).status).toBe(400);
  });

  it('steps run under the scopes of the identity that started the run: a step outside them fails, audited as denied', async () => {
    const key = await h.createKey('workflows-and-slack', { namespaces: ['workflows', 'slack'] });
    const client = await h.connectAs(key.key);
    const run = structured(await client.callTool({ name: 'run_workflow', arguments: { workflow: 'demo', inputs: { id: '1' }, wait: true } }));
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/step read failed: Not allowed to call github_read_item: this key is limited to namespaces workflows, slack/);
    expect((run.steps as { attempts: number }[])[0]!.attempts).toBe(1);
    expect(run.startedBy).toBe(`key:${key.id}`);
    // Another scoped key does not see this run.
    const other = await h.createKey('other', { namespaces: ['workflows'] });
    const otherClient = await h.connectAs(other.key);
    const hidden = await otherClient.callTool({ name: 'get_workflow_run', arguments: { runId: run.runId } });
    expect(hidden.isError).toBe(true);
    await otherClient.close();
    await client.close();
    const audit = (await (await h.admin(`/api/v1/audit?identity=key:${key.id}`)).json()) as { entries: { tool: string; outcome: string }[] };
    expect(audit.entries.map((e) => [e.tool, e.outcome])).toEqual([
      ['run_workflow', 'success'],
      ['github_read_item', 'denied'],
    ]);
    const readOnly = await h.createKey('ro', { readOnly: true });
    const ro = await h.connectAs(readOnly.key);
    expect((await ro.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_workflows', 'get_workflow_run']));
    expect((await ro.listTools()).tools.map((t) => t.name)).not.toContain('run_workflow');
    await ro.close();
  });

  it('deleting the last stored workflow removes the workflow tools again', async () => {
    expect((await h.admin('/api/v1/workflows/demo', { method: 'DELETE' })).status).toBe(200);
    expect((await h.admin('/api/v1/workflows/demo', { method: 'DELETE' })).status).toBe(404);
    const names = (await (await h.admin('/api/v1/mcp/status')).json()) as { toolCount: number };
    expect(names.toolCount).toBe(6);
  });
});
