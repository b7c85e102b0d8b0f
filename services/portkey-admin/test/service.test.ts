import { healthOf, serviceContractSuite, withService } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createPortkeyAdminService } from '../src/server.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('portkey-admin service', () => {
  serviceContractSuite({
    createService: createPortkeyAdminService,
    startHarness: (env) => startHarness({ env }),
    healthy: {
      title: 'is healthy against a working control plane, probing GET /configs',
      check: (body, h) => {
        expect(body.components.upstream_probe).toMatchObject({ status: 'healthy', metadata: { circuit: 'closed' } });
        expect(h.upstream.requests.map((r) => r.path)).toEqual(['/configs']);
      },
    },
    missingConfig: {
      title: 'without a key it starts degraded, and tools name both variables',
      mentions: ['PORTKEY_ADMIN_API_KEY (or PORTKEY_API_KEY)'],
      tools: [{ name: 'list_configs' }],
      toolMentions: 'PORTKEY_ADMIN_API_KEY',
    },
    invalidSettings: [{ name: 'PORTKEY_ADMIN_TIMEOUT_MS', value: 'soon', error: /^Invalid configuration: PORTKEY_ADMIN_TIMEOUT_MS is invalid/ }],
    readOnly: { title: 'PORTKEY_ADMIN_READ_ONLY drops update_config', env: { PORTKEY_ADMIN_READ_ONLY: 'true' }, excludes: ['update_config'], count: 10 },
  });

  it('reports unhealthy naming the key variable when Portkey rejects it', async () => {
    harness = await startHarness({ routes: (app) => app.get('/configs', (c) => c.json({ success: false, data: { message: 'Invalid API Key' } }, 401)) });
    const { body } = await healthOf(harness.service);
    expect(body.components.upstream_probe?.status).toBe('unhealthy');
    expect(body.components.upstream_probe?.message).toContain('PORTKEY_ADMIN_API_KEY');
  });

  it('serves a self-hosted control plane below a path prefix, tracing each call', async () => {
    harness = await startHarness({ routes: (app) => app.get('/cp/v1/configs', (c) => c.json({ success: true, data: [] })) });
    const upstream = harness.upstream;
    const service = createPortkeyAdminService({
      LOG_LEVEL: 'silent',
      PORTKEY_ADMIN_BASE_URL: `${upstream.url}/cp/v1`,
      PORTKEY_ADMIN_API_KEY: 'pk-self-hosted-key',
    });
    await withService(service, async (_service, client) => {
      const result = await client.callTool({ name: 'list_configs', arguments: {} });
      expect(result.structuredContent).toMatchObject({ total: 0 });
      const sent = upstream.requests.find((r) => r.path === '/cp/v1/configs');
      expect(sent?.headers['x-portkey-api-key']).toBe('pk-self-hosted-key');
      expect(sent?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    });
  });
});
