import type { ToolCall } from '@mcp/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_UNAVAILABLE, auditMiddleware } from '../../src/audit/audit-middleware.js';
import { AuditWriter } from '../../src/audit/audit-writer.js';
import { redactArguments } from '../../src/audit/redact.js';
import { governanceStoreFor } from '../../src/governance/governance-store.js';
import type { AuditEntry, AuditStore } from '../../src/governance/types.js';
import { engines } from './stores.js';

const { list } = await engines();

/** The parts of a ToolCall the audit middleware reads. */
function fakeCall(i: number): ToolCall {
  return {
    tool: { name: 'github_create_issue', annotations: { readOnlyHint: false } } as ToolCall['tool'],
    args: { title: `t${i}`, token: 'ghp_secret' },
    ctx: { trace: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), sampled: true }, requestId: `r${i}` } as ToolCall['ctx'],
    meta: {},
    abort: () => {},
  };
}
const ok = async () => ({ content: [{ type: 'text' as const, text: 'done' }] });

/** A store that can be switched off, recording what it committed. */
class FlakyStore implements AuditStore {
  rows: AuditEntry[] = [];
  down = false;
  batches: number[] = [];
  async appendAudit(entries: readonly AuditEntry[]) {
    await new Promise((r) => setTimeout(r, 2));
    if (this.down) throw new Error('connection refused');
    this.batches.push(entries.length);
    this.rows.push(...entries);
  }
  async queryAudit() {
    return [];
  }
  async countAudit() {
    return this.rows.length;
  }
}

describe('audit writer and middleware', () => {
  it('redacts secret-looking argument names and cuts long strings', () => {
    const out = redactArguments({ q: 'x', apiKey: 'k', nested: { password: 'p', list: [{ token: 't' }] }, long: 'y'.repeat(5000) });
    expect(out).toMatchObject({ q: 'x', apiKey: '[REDACTED]', nested: { password: '[REDACTED]', list: [{ token: '[REDACTED]' }] } });
    expect(String(out.long).length).toBeLessThan(2100);
  });

  it('never drops under pressure: with a queue of 50, 5,000 concurrent calls leave 5,000 rows, batched', async () => {
    const store = new FlakyStore();
    const writer = new AuditWriter(store, { capacity: 50, batchSize: 20 });
    const mw = auditMiddleware(writer);
    await Promise.all(Array.from({ length: 5000 }, (_, i) => mw(fakeCall(i), ok)));
    expect(store.rows.length).toBe(5000);
    expect(new Set(store.rows.map((r) => r.requestId)).size).toBe(5000);
    expect(Math.max(...store.batches)).toBeGreaterThan(1);
    expect(store.rows[0]!.arguments).toEqual({ title: 't0', token: '[REDACTED]' });
  });

  it('store down: the call fails closed with a clear error, later calls are refused before running, and it recovers', async () => {
    const store = new FlakyStore();
    const writer = new AuditWriter(store);
    const mw = auditMiddleware(writer);
    store.down = true;
    await expect(mw(fakeCall(1), ok)).rejects.toThrow(AUDIT_UNAVAILABLE);
    let ran = false;
    await expect(
      mw(fakeCall(2), async () => {
        ran = true;
        return ok();
      }),
    ).rejects.toThrow(AUDIT_UNAVAILABLE);
    expect(ran).toBe(false);
    store.down = false;
    // The first call after recovery is refused but recorded (it is the probe); the next one runs.
    await expect(mw(fakeCall(3), ok)).rejects.toThrow(/previous audit write failed/);
    await expect(mw(fakeCall(4), ok)).resolves.toMatchObject({ content: [{ text: 'done' }] });
    expect(store.rows.map((r) => [r.requestId, r.outcome])).toEqual([
      ['r3', 'refused_audit_unavailable'],
      ['r4', 'success'],
    ]);
  });
});

// 10,000 audited calls per engine straight through the middleware (the
// end-to-end gateway test does 2,000 over HTTP).
for (const engine of list) {
  describe(`audit under load on ${engine.name}`, () => {
    let dispose: (() => Promise<void>) | undefined;
    afterEach(async () => dispose?.());
    it('10,000 concurrent audited calls: exactly 10,000 rows', async () => {
      const opened = await engine.open();
      dispose = opened.dispose;
      const store = governanceStoreFor(opened.store);
      const writer = new AuditWriter(store, { capacity: 1000, batchSize: 500 });
      const mw = auditMiddleware(writer);
      await Promise.all(Array.from({ length: 10_000 }, (_, i) => mw(fakeCall(i), ok)));
      expect(await store.countAudit()).toBe(10_000);
      expect(writer.failures).toBe(0);
    }, 60_000);

    it('store down: calls fail closed with a clear error and their handlers do not run', async () => {
      const opened = await engine.open();
      const store = governanceStoreFor(opened.store);
      const mw = auditMiddleware(new AuditWriter(store));
      await mw(fakeCall(0), ok);
      await opened.store.close(); // the database goes away under the gateway
      await expect(mw(fakeCall(1), ok)).rejects.toThrow(AUDIT_UNAVAILABLE);
      let ran = false;
      const refused = mw(fakeCall(2), async () => {
        ran = true;
        return ok();
      });
      await expect(refused).rejects.toThrow(AUDIT_UNAVAILABLE);
      expect(ran).toBe(false);
      // Disposing after close is safe on both engines (close is idempotent); it drops the file or schema.
      dispose = opened.dispose;
    });
  });
}
