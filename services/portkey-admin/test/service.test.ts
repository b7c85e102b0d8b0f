import { connectInProcess } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createPortkeyAdminService } from '../src/server.js';
import { type Harness, startHarness, textOf } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface HealthBody {
  status: string;
  components: Record<string, { status: string; message?: string; metadata?: Record<string, unknown> }>;
}

async function healthOf(service: { fetch(request: Request): Promise<Response> }) {
  const res = await service.fetch(new Request('http://localhost/health'));
  return { status: res.status, body: (await res.json()) as HealthBody };
}

describe('portkey-admin service', () => {
  it('is healthy against a working control plane, probing GET /configs', async () => {
    harness = await startHarness();
    const { status, body } = await healthOf(harness.service);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.components.upstream_probe).toMatchObject({ status: 'healthy', metadata: { circuit: 'closed' } });
    expect(harness.upstream.requests.map((r) => r.path)).toEqual(['/configs']);
  });

  it('reports unhealthy naming the key variable when Portkey rejects it', async () => {
    harness = await startHarness({ routes: (app) => app.get('/configs', (c) => c.json({ success: false, data: { message: 'Invalid API Key' } }, 401)) });
    const { body } = await healthOf(harness.service);
    expect(body.components.upstream_probe?.status).toBe('unhealthy');
    expect(body.components.upstream_probe?.message).toContain('PORTKEY_ADMIN_API_KEY');
  });

  it('without a key it starts degraded, and tools name both variables', async () => {
    const service = createPortkeyAdminService({ LOG_LEVEL: 'silent' });
    const client = await connectInProcess(service);
    try {
      const { status, body } = await healthOf(service);
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.components.configuration?.message).toContain('PORTKEY_ADMIN_API_KEY (or PORTKEY_API_KEY)');
      const result = await client.callTool({ name: 'list_configs', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('PORTKEY_ADMIN_API_KEY');
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it('an invalid setting stops start-up with one line naming the variable', async () => {
    await expect(createPortkeyAdminService({ LOG_LEVEL: 'silent', PORTKEY_ADMIN_TIMEOUT_MS: 'soon' }).init()).rejects.toThrow(
      /^Invalid configuration: PORTKEY_ADMIN_TIMEOUT_MS is invalid/,
    );
  });

  it('PORTKEY_ADMIN_READ_ONLY drops update_config', async () => {
    harness = await startHarness({ env: { PORTKEY_ADMIN_READ_ONLY: 'true' } });
    const { tools } = await harness.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('update_config');
    expect(tools).toHaveLength(10);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
  });

  it('serves a self-hosted control plane below a path prefix, tracing each call', async () => {
    harness = await startHarness({ routes: (app) => app.get('/cp/v1/configs', (c) => c.json({ success: true, data: [] })) });
    const service = createPortkeyAdminService({
      LOG_LEVEL: 'silent',
      PORTKEY_ADMIN_BASE_URL: `${harness.upstream.url}/cp/v1`,
      PORTKEY_ADMIN_API_KEY: 'pk-self-hosted-key',
    });
    const client = await connectInProcess(service);
    try {
      const result = await client.callTool({ name: 'list_configs', arguments: {} });
      expect(result.structuredContent).toMatchObject({ total: 0 });
      const sent = harness.upstream.requests.find((r) => r.path === '/cp/v1/configs');
      expect(sent?.headers['x-portkey-api-key']).toBe('pk-self-hosted-key');
      expect(sent?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    } finally {
      await client.close();
      await service.stop();
    }
  });
});
