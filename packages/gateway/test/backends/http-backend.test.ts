import { afterEach, describe, expect, it } from 'vitest';
import type { BackendChange, ManagedBackend } from '../../src/backends/managed-backend.js';
import { createHttpBackend } from '../../src/backends/http-backend.js';
import type { NamedBackendConfig } from '../../src/config/schema.js';
import { silentLogger, startExample, startProbeService, waitFor } from './helpers.js';
import { startV1Server } from './v1-server.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

function backend(name: string, config: Record<string, unknown>, tuning: Record<string, unknown> = {}): ManagedBackend {
  const b = createHttpBackend(
    { name, config: { headers: {}, enabled: true, ...config } as NamedBackendConfig['config'], source: 'file' },
    {
      logger: silentLogger,
      backoff: { baseMs: 50, capMs: 200 },
      ...tuning,
    },
  );
  cleanups.push(() => b.close());
  return b;
}

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('HTTP backend', () => {
  it("sends a 2026-07-28 caller's own capabilities to a 2026-07-28 backend, the gateway's otherwise", async () => {
    const probe = await startProbeService();
    cleanups.push(probe.close);
    probe.addDynamic({
      name: 'seen_capabilities',
      inputSchema: { type: 'object' },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      call: async (_args, ctx) => {
        const envelope = ctx.mcp.mcpReq.envelope as Record<string, unknown> | undefined;
        return { content: [{ type: 'text', text: JSON.stringify(envelope?.['io.modelcontextprotocol/clientCapabilities'] ?? null) }] };
      },
    });
    const b = backend('probe', { url: probe.url });
    await b.start();
    expect(b.status().protocolVersion).toBe('2026-07-28');
    await waitFor(() => b.catalog().tools.some((t) => t.name === 'seen_capabilities'));
    const seen = async (options: Parameters<ManagedBackend['callTool']>[2]) => {
      const result = await b.callTool('seen_capabilities', {}, options);
      return JSON.parse((result.content as Array<{ text: string }>)[0]?.text ?? 'null');
    };
    // The caller answers the backend's input requests itself: the backend sees what it can answer.
    expect(await seen({ relay: { passInputRequired: true, clientCapabilities: { roots: {} } } })).toEqual({ roots: {} });
    // Otherwise the gateway answers (relaying to a 2025-era caller): its own declaration.
    expect(await seen({})).toMatchObject({ elicitation: { form: {}, url: {} }, sampling: {} });
    expect(await seen({ relay: { passInputRequired: true } })).toMatchObject({ elicitation: { form: {}, url: {} }, sampling: {} });
  });

  it('negotiates 2026-07-28 with a modern service, lists its catalogue and calls tools', async () => {
    const svc = await startExample();
    cleanups.push(svc.close);
    const b = backend('example', { url: svc.url });
    await b.start();
    expect(b.status()).toMatchObject({ name: 'example', transport: 'http', state: 'healthy', circuit: 'closed', protocolVersion: '2026-07-28', toolCount: 4 });
    expect(
      b
        .catalog()
        .tools.map((t) => t.name)
        .sort(),
    ).toEqual(['generate_sample', 'get_time', 'hash_text', 'text_stats']);
    const result = await b.callTool('hash_text', { text: 'abc', algorithm: 'md5' });
    expect(result.structuredContent).toMatchObject({ hex: '900150983cd24fb0d6963f7d28e17f72' });
    expect(await b.probe()).toBe(true);
  });

  it('falls back to a 2025 session with a backend that only speaks 2025, and re-establishes it after the backend restarts', async () => {
    const v1 = await startV1Server();
    const b = backend('legacy', { url: v1.url });
    await b.start();
    expect(b.status().protocolVersion).toMatch(/^2025-/);
    expect((await b.callTool('legacy_ping', {})).content).toEqual([{ type: 'text', text: 'pong' }]);
    expect(v1.sessions()).toBe(1);
    // Redeploy: same port, sessions forgotten. The next call meets a 404 (session gone) and reconnects.
    await v1.close();
    const again = await startV1Server(v1.port);
    cleanups.push(again.close);
    await expect(b.callTool('legacy_ping', {})).rejects.toThrow(/Backend 'legacy'/);
    await waitFor(() => b.status().state === 'healthy' && b.status().restarts === 1);
    expect((await b.callTool('legacy_ping', {})).content).toEqual([{ type: 'text', text: 'pong' }]);
  });

  it('speaks the legacy HTTP+SSE transport (type sse)', async () => {
    const svc = await startExample();
    cleanups.push(svc.close);
    const b = backend('sse', { type: 'sse', url: svc.url.replace(/\/mcp$/, '/sse') });
    await b.start();
    expect(b.status()).toMatchObject({ transport: 'sse', state: 'healthy', toolCount: 4 });
    const result = await b.callTool('hash_text', { text: 'abc', algorithm: 'md5' });
    expect(result.structuredContent).toMatchObject({ hex: '900150983cd24fb0d6963f7d28e17f72' });
  });

  it('sends the configured headers (an API key) on every request, SSE included', async () => {
    const probe = await startProbeService({ env: { MCP_API_KEYS: 'sekret' } });
    cleanups.push(probe.close);
    const denied = backend('nokey', { url: probe.url }, { connectTimeoutMs: 2_000 });
    await expect(denied.start()).rejects.toThrow();
    expect(denied.status().state).toBe('unhealthy');
    const http = backend('withkey', { url: probe.url, headers: { 'x-api-key': 'sekret' } });
    await http.start();
    expect(http.status().state).toBe('healthy');
    const sse = backend('ssekey', { type: 'sse', url: probe.url.replace(/\/mcp$/, '/sse'), headers: { 'x-api-key': 'sekret' } });
    await sse.start();
    expect((await sse.callTool('echo_trace', {})).isError).toBeFalsy();
  });

  it('forwards traceparent (header and _meta) and progress', async () => {
    const probe = await startProbeService();
    cleanups.push(probe.close);
    const b = backend('probe', { url: probe.url });
    await b.start();
    const traced = await b.callTool('echo_trace', {}, { traceparent: TRACEPARENT });
    // The backend continues our trace (its own spans sit between ours and the tool's).
    expect((traced.structuredContent as { traceId: string }).traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const slow = await b.callTool('slow', { ms: 60, steps: 3 }, { onProgress: (p) => progress.push(p) });
    expect(slow.structuredContent).toEqual({ slept: 60 });
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3]);
    expect(progress[2]).toMatchObject({ total: 3, message: 'step 3' });
  });

  it('bounds each call by the configured timeout and names the backend', async () => {
    const probe = await startProbeService();
    cleanups.push(probe.close);
    const b = backend('probe', { url: probe.url, timeoutMs: 200 });
    await b.start();
    const started = Date.now();
    await expect(b.callTool('slow', { ms: 3_000 })).rejects.toThrow("Backend 'probe' did not answer tools/call slow within 200 ms.");
    expect(Date.now() - started).toBeLessThan(1_500);
    // One timeout is not an outage.
    expect(b.status()).toMatchObject({ state: 'healthy', circuit: 'closed' });
    // A caller's abort cancels the backend call too.
    const controller = new AbortController();
    const pending = b.callTool('slow', { ms: 3_000 }, { signal: controller.signal, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(new Error('caller went away')), 50);
    await expect(pending).rejects.toThrow();
    expect(b.status().circuit).toBe('closed');
  });

  it('re-lists when the backend announces a list change', async () => {
    const probe = await startProbeService();
    cleanups.push(probe.close);
    const b = backend('probe', { url: probe.url });
    const changes: BackendChange[] = [];
    b.onChange((c) => changes.push(c));
    await b.start();
    expect(b.catalog().tools.map((t) => t.name)).toEqual(['echo_trace', 'slow']);
    probe.addTool('added_later');
    await waitFor(() => b.catalog().tools.some((t) => t.name === 'added_later'), 5_000);
    expect(changes.filter((c) => c.type === 'catalog').length).toBeGreaterThanOrEqual(2);
  });

  it('goes unhealthy when the backend dies, fails fast naming it, and comes back by itself', async () => {
    const first = await startExample();
    const b = backend('example', { url: first.url }, { breaker: { resetTimeoutMs: 60_000 } });
    await b.start();
    await first.close();
    expect(await b.probe()).toBe(false);
    expect(b.status()).toMatchObject({ state: 'unhealthy', circuit: 'open' });
    const started = Date.now();
    // Refused by the open circuit, without touching the network.
    await expect(b.callTool('hash_text', { text: 'x' })).rejects.toThrow(/Backend 'example' is unavailable .*tools\/call hash_text was not attempted/);
    expect(Date.now() - started).toBeLessThan(1_000);
    const second = await startExample(first.port);
    cleanups.push(second.close);
    await waitFor(() => b.status().state === 'healthy', 5_000);
    expect(b.status().restarts).toBe(1);
    expect((await b.callTool('hash_text', { text: 'x' })).isError).toBeFalsy();
  });
});
