import { Client, type ElicitRequestFormParams, type ElicitResult, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureService, deletions } from './fixture-service.js';
import { startGovernedGateway, textOf } from './harness.js';

type Answer = (params: ElicitRequestFormParams) => Promise<ElicitResult>;
type Row = { id: string; tool: string; identity: string; status: string; decidedBy: string | null; note: string | null; arguments: Record<string, unknown> };

const TIMEOUT_MS = 2_000;
let h: Awaited<ReturnType<typeof startGovernedGateway>>;
const backend = createFixtureService({ asking: true });

beforeAll(async () => {
  const { url } = await backend.start({ port: 0, host: '127.0.0.1' });
  h = await startGovernedGateway({ GATEWAY_APPROVAL_TIMEOUT_MS: String(TIMEOUT_MS), GATEWAY_APPROVAL_TOOLS: 'slack_write_*' }, url);
});
afterAll(async () => {
  await h?.stop();
  await backend.stop();
});

/** A real SDK client that declares form elicitation and answers the gateway's questions with `answer`. */
async function connectAsking(key: string, protocol: 'modern' | 'legacy', answer: Answer | undefined) {
  const client = new Client(
    { name: 'approving-client', version: '1.0.0' },
    {
      ...(answer && { capabilities: { elicitation: { form: {} } } }),
      ...(protocol === 'modern' && { versionNegotiation: { mode: { pin: '2026-07-28' } } }),
    },
  );
  if (answer) client.setRequestHandler('elicitation/create', (request) => answer(request.params as ElicitRequestFormParams));
  const transport = new StreamableHTTPClientTransport(new URL(h.gatewayUrl), {
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${key}`);
      return fetch(input, { ...init, headers });
    },
  });
  await client.connect(transport);
  return client;
}

const approvals = async (identity: string) =>
  ((await (await h.admin('/api/v1/approvals')).json()) as { approvals: Row[] }).approvals.filter((a) => a.identity === identity);
const audit = async (identity: string) =>
  (
    (await (await h.admin(`/api/v1/audit?identity=${identity}`)).json()) as { entries: { tool: string; outcome: string; approval: string | null }[] }
  ).entries.map((e) => [e.tool, e.outcome, e.approval]);
const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

for (const protocol of ['modern', 'legacy'] as const) {
  describe(`approvals asked of a ${protocol === 'modern' ? '2026-07-28 (multi round-trip)' : '2025-era (server-to-client request)'} client`, () => {
    it('the client is asked (tool, redacted arguments, reason); approving runs the call, recorded as decided by elicitation', async () => {
      const { key, id } = await h.createKey(`approve-${protocol}`, {});
      const identity = `key:${id}`;
      const asked: ElicitRequestFormParams[] = [];
      const approver = await connectAsking(key, protocol, async (params) => {
        asked.push(params);
        return { action: 'accept', content: { decision: 'approve', note: 'looks right' } };
      });
      const before = deletions;
      const result = await approver.callTool({ name: 'github_delete_item', arguments: { id: '41' } });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toContain('41');
      expect(deletions).toBe(before + 1);
      expect(asked).toHaveLength(1);
      expect(asked[0]!.message).toContain('github_delete_item (annotated destructive)');
      expect(asked[0]!.message).toContain('"id": "41"');
      expect(asked[0]!.requestedSchema.required).toEqual(['decision']);
      const [row] = await approvals(identity);
      expect(row).toMatchObject({ tool: 'github_delete_item', status: 'approved', decidedBy: `elicitation:${identity}`, note: 'looks right' });
      const rows = await audit(identity);
      expect(rows[0]).toEqual(['github_delete_item', 'success', `approved by elicitation:${identity}`]);
      // The 2026-07-28 round that asked is audited too.
      if (protocol === 'modern') expect(rows[1]).toEqual(['github_delete_item', 'input_required', 'awaiting_client']);
      expect(rows).toHaveLength(protocol === 'modern' ? 2 : 1);
      await approver.close();
    });

    it('declining refuses the call with a clear message; it never runs', async () => {
      const { key, id } = await h.createKey(`decline-${protocol}`, {});
      const client = await connectAsking(key, protocol, async () => ({ action: 'decline' }));
      const before = deletions;
      const result = await client.callTool({ name: 'github_delete_item', arguments: { id: '42', password: 'hunter2' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(
        new RegExp(
          `needed approval \\(annotated destructive\\) and was refused: elicitation:key:${id} denied it: the user declined the approval request\\. It was not run\\.`,
        ),
      );
      expect(deletions).toBe(before);
      const [row] = await approvals(`key:${id}`);
      expect(row).toMatchObject({ status: 'denied', decidedBy: `elicitation:key:${id}`, arguments: { id: '42', password: '[REDACTED]' } });
      expect((await audit(`key:${id}`))[0]).toEqual(['github_delete_item', 'denied', `denied by elicitation:key:${id}`]);
      await client.close();
    });

    it('an operator deciding through the admin API while the client is asked wins (first decision wins)', async () => {
      const { key, id } = await h.createKey(`race-${protocol}`, {});
      let answerLate: ((a: ElicitResult) => void) | undefined;
      const client = await connectAsking(key, protocol, () => new Promise<ElicitResult>((resolve) => (answerLate = resolve)));
      const before = deletions;
      const call = client.callTool({ name: 'slack_write_item', arguments: { id: '43' } });
      await until(async () => answerLate && true, 'the client to be asked');
      const pending = await until(async () => (await approvals(`key:${id}`)).find((a) => a.status === 'pending'), 'a pending approval');
      const approved = await h.admin(`/api/v1/approvals/${pending.id}/approve`, { method: 'POST', body: JSON.stringify({ by: 'alice' }) });
      expect(approved.status).toBe(200);
      // The 2026-07-28 client still answers (its retry carries "deny"): too late, alice decided first.
      if (protocol === 'modern') answerLate!({ action: 'accept', content: { decision: 'deny' } });
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toContain('43');
      expect(deletions).toBe(before);
      expect((await approvals(`key:${id}`))[0]).toMatchObject({ status: 'approved', decidedBy: 'alice' });
      expect((await audit(`key:${id}`))[0]).toEqual(['slack_write_item', 'success', 'approved by alice']);
      await client.close();
    });

    it('no answer within the timeout denies', async () => {
      const { key, id } = await h.createKey(`silent-${protocol}`, {});
      let answerLate: ((a: ElicitResult) => void) | undefined;
      const client = await connectAsking(key, protocol, () => new Promise<ElicitResult>((resolve) => (answerLate = resolve)));
      const call = client.callTool({ name: 'github_delete_item', arguments: { id: '44' } });
      const before = deletions;
      await until(async () => answerLate && true, 'the client to be asked');
      const row = await until(async () => (await approvals(`key:${id}`)).find((a) => a.status === 'timed_out'), 'the approval to time out');
      expect(row).toMatchObject({ decidedBy: 'policy:timeout' });
      // A 2026-07-28 client answering after the deadline: its retry finds the row timed out.
      if (protocol === 'modern') answerLate!({ action: 'accept', content: { decision: 'approve' } });
      const result = await call;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/and was refused: nobody approved it within 2 s\. It was not run\./);
      expect(deletions).toBe(before);
      expect((await audit(`key:${id}`))[0]).toEqual(['github_delete_item', 'denied', 'timed_out']);
      await client.close();
    });

    it('an approved call whose backend asks its own question runs once, without a second approval', async () => {
      const { key, id } = await h.createKey(`purge-${protocol}`, {});
      const questions: string[] = [];
      const client = await connectAsking(key, protocol, async (params): Promise<ElicitResult> => {
        questions.push(params.message);
        return params.message.includes('needs your approval')
          ? { action: 'accept', content: { decision: 'approve' } }
          : { action: 'accept', content: { sure: true } };
      });
      const before = deletions;
      const result = await client.callTool({ name: 'github_purge_item', arguments: { id: '47' } });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.structuredContent).toEqual({ purged: '47' });
      expect(deletions).toBe(before + 1);
      expect(questions).toHaveLength(2);
      expect(questions[1]).toBe('Purge 47 for good?');
      expect(await approvals(`key:${id}`)).toHaveLength(1);
      await client.close();
    });

    it('a client without the elicitation capability falls back to the admin API', async () => {
      const { key, id } = await h.createKey(`plain-${protocol}`, {});
      const client = await connectAsking(key, protocol, undefined);
      const call = client.callTool({ name: 'github_delete_item', arguments: { id: '45' } });
      const pending = await until(async () => (await approvals(`key:${id}`)).find((a) => a.status === 'pending'), 'a pending approval');
      expect((await h.admin(`/api/v1/approvals/${pending.id}/deny`, { method: 'POST', body: JSON.stringify({ by: 'bob' }) })).status).toBe(200);
      expect(textOf(await call)).toMatch(/refused: bob denied it/);
      expect((await audit(`key:${id}`))[0]).toEqual(['github_delete_item', 'denied', 'denied by bob']);
      await client.close();
    });
  });
}

describe('2026-07-28 approval answers cannot be replayed', () => {
  it('an answer naming another caller’s approval is refused and runs nothing', async () => {
    const victim = await h.createKey('victim', {});
    const thief = await h.createKey('thief', {});
    // The victim's client answers nothing: its approval stays pending.
    const victimClient = await connectAsking(victim.key, 'modern', () => new Promise<ElicitResult>(() => {}));
    void victimClient.callTool({ name: 'github_delete_item', arguments: { id: '46' } }).catch(() => {});
    const pending = await until(async () => (await approvals(`key:${victim.id}`)).find((a) => a.status === 'pending'), 'a pending approval');
    const before = deletions;
    const res = await fetch(h.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${thief.key}`,
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'github_delete_item',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: {
          name: 'github_delete_item',
          arguments: { id: '46' },
          inputResponses: { [`io.mcp-fleet/approval:${pending.id}`]: { action: 'accept', content: { decision: 'approve' } } },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } },
            'io.modelcontextprotocol/clientInfo': { name: 'thief', version: '1' },
          },
        },
      }),
    });
    const text = await res.text();
    expect(text).toContain('does not belong to it');
    expect(deletions).toBe(before);
    expect((await approvals(`key:${victim.id}`))[0]!.status).toBe('pending');
    await victimClient.close();
  });
});
