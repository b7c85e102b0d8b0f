import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGovernedGateway, textOf } from './harness.js';

let h: Awaited<ReturnType<typeof startGovernedGateway>>;

beforeAll(async () => {
  h = await startGovernedGateway();
});
afterAll(async () => h?.stop());

const names = async (key?: string) => {
  const client = await h.connectAs(key);
  const list = (await client.listTools()).tools.map((t) => t.name).sort();
  await client.close();
  return list;
};

describe('gateway governance: identities, scopes, audit', () => {
  let readOnly: { key: string; id: string };
  let githubOnly: { key: string; id: string };

  it('with no key at all on a loopback bind, callers are anonymous with full access (dev quick start)', async () => {
    expect(await names()).toEqual(['github_delete_item', 'github_read_item', 'github_write_item', 'slack_delete_item', 'slack_read_item', 'slack_write_item']);
  });

  it('keys are created once (plaintext returned once, only hashes stored) and then required', async () => {
    readOnly = await h.createKey('read-only', { readOnly: true });
    githubOnly = await h.createKey('github-only', { namespaces: ['github'] });
    const listed = (await (await h.admin('/api/v1/keys')).json()) as { keys: { id: string; name: string }[] };
    expect(listed.keys.map((k) => k.name)).toEqual(['read-only', 'github-only']);
    expect(JSON.stringify(listed)).not.toContain(readOnly.key);
    await expect(names()).rejects.toThrow();
    const res = await fetch(h.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('a read-only key does not see write tools and cannot call them (clear error, audited)', async () => {
    expect(await names(readOnly.key)).toEqual(['github_read_item', 'slack_read_item']);
    const client = await h.connectAs(readOnly.key, 'x-api-key');
    expect(textOf(await client.callTool({ name: 'github_read_item', arguments: { id: '7' } }))).toContain('7');
    const denied = await client.callTool({ name: 'github_write_item', arguments: { id: '7', password: 'hunter2' } });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toMatch(/Not allowed to call github_write_item: this key is read-only/);
    await client.close();
    const audit = (await (await h.admin(`/api/v1/audit?identity=key:${readOnly.id}`)).json()) as { entries: Record<string, unknown>[] };
    expect(audit.entries.map((e) => [e.tool, e.outcome])).toEqual([
      ['github_write_item', 'denied'],
      ['github_read_item', 'success'],
    ]);
    expect(audit.entries[0]!.arguments).toEqual({ id: '7', password: '[REDACTED]' });
    expect(audit.entries[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a key scoped to github sees nothing else and cannot call outside it', async () => {
    expect(await names(githubOnly.key)).toEqual(['github_delete_item', 'github_read_item', 'github_write_item']);
    const client = await h.connectAs(githubOnly.key);
    expect((await client.callTool({ name: 'github_write_item', arguments: {} })).isError).toBeFalsy();
    const denied = await client.callTool({ name: 'slack_read_item', arguments: {} });
    expect(textOf(denied)).toMatch(/limited to namespaces github/);
    await client.close();
  });

  it('revoked keys stop working at once on this replica', async () => {
    const temp = await h.createKey('temp', {});
    expect((await names(temp.key)).length).toBe(6);
    expect((await h.admin(`/api/v1/keys/${temp.id}`, { method: 'DELETE' })).status).toBe(200);
    await expect(names(temp.key)).rejects.toThrow();
    expect((await h.admin(`/api/v1/keys/${temp.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('audit query filters and pages; export is JSON lines', async () => {
    const page = (await (await h.admin('/api/v1/audit?limit=2')).json()) as { entries: { id: number }[]; next: number | null };
    expect(page.entries.length).toBe(2);
    expect(page.next).toBe(page.entries[1]!.id);
    const next = (await (await h.admin(`/api/v1/audit?limit=2&before=${page.next}`)).json()) as { entries: { id: number }[] };
    expect(next.entries[0]!.id).toBeLessThan(page.next!);
    const denied = (await (await h.admin('/api/v1/audit?outcome=denied')).json()) as { entries: unknown[] };
    expect(denied.entries.length).toBe(2);
    const exported = await h.admin('/api/v1/audit/export?tool=github_read_item');
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { tool: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.tool === 'github_read_item')).toBe(true);
    expect((await h.admin('/api/v1/audit?since=yesterday')).status).toBe(400);
    expect((await fetch(h.gatewayUrl.replace(/\/mcp$/, '/api/v1/audit'))).status).toBe(401);
  });

  it('2,000 calls through the gateway under load: exactly 2,000 audit rows for that identity', async () => {
    const load = await h.createKey('load', {});
    const clients = await Promise.all(Array.from({ length: 8 }, () => h.connectAs(load.key)));
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < 250; i++) await client.callTool({ name: c % 2 ? 'slack_read_item' : 'github_write_item', arguments: { id: `${c}-${i}` } });
      }),
    );
    await Promise.all(clients.map((c) => c.close()));
    let count = 0;
    let before: number | null = null;
    do {
      const res = (await (await h.admin(`/api/v1/audit?identity=key:${load.id}&limit=1000${before ? `&before=${before}` : ''}`)).json()) as {
        entries: unknown[];
        next: number | null;
      };
      count += res.entries.length;
      before = res.next;
    } while (before);
    expect(count).toBe(2000);
  }, 60_000);

  it('store down: calls fail closed with a clear error; service resumes when the store is back', async () => {
    const key = await h.createKey('outage', {});
    const client = await h.connectAs(key.key);
    const db = await sqliteOf(h);
    db.pragma('query_only = ON');
    try {
      const failed = await client.callTool({ name: 'github_read_item', arguments: {} });
      expect(failed.isError).toBe(true);
      expect(textOf(failed)).toMatch(/audit log is unavailable, so the gateway refuses tool calls \(fail closed\)/);
      const health = (await (await fetch(h.gatewayUrl.replace(/\/mcp$/, '/health'))).json()) as { components: Record<string, { status: string }> };
      expect(JSON.stringify(health)).toMatch(/unhealthy/);
    } finally {
      db.pragma('query_only = OFF');
    }
    // The first call after recovery is the probe (refused, recorded); the next runs.
    await client.callTool({ name: 'github_read_item', arguments: {} });
    expect((await client.callTool({ name: 'github_read_item', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });
});

/** The SQLite handle under the gateway's store (test-only reach-in, to simulate a failing store). */
async function sqliteOf(harness: typeof h): Promise<import('better-sqlite3').Database> {
  const core = (await harness.gateway.init()).client;
  return (core.store as unknown as { db: import('better-sqlite3').Database }).db;
}
