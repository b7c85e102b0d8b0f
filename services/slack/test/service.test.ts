import { connectInProcess } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackService } from '../src/server.js';
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

describe('slack service', () => {
  it('is healthy against a working Slack, probing auth.test and naming the team', async () => {
    harness = await startHarness();
    const { status, body } = await healthOf(harness.service);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.components.upstream_probe).toMatchObject({ status: 'healthy', metadata: { circuit: 'closed', team: 'Subarachnoid Workspace' } });
    expect(harness.upstream.requests.map((r) => r.path)).toEqual(['/auth.test']);
  });

  it('reports unhealthy naming SLACK_BOT_TOKEN when Slack rejects it', async () => {
    harness = await startHarness({ routes: (app) => app.post('/auth.test', (c) => c.json({ ok: false, error: 'token_revoked' })) });
    const { body } = await healthOf(harness.service);
    expect(body.components.upstream_probe?.status).toBe('unhealthy');
    expect(body.components.upstream_probe?.message).toContain('SLACK_BOT_TOKEN');
  });

  it('without configuration it starts degraded, and tools name the missing variable', async () => {
    const service = createSlackService({ LOG_LEVEL: 'silent' });
    const client = await connectInProcess(service);
    try {
      const { status, body } = await healthOf(service);
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.components.configuration?.message).toContain('SLACK_BOT_TOKEN');
      const result = await client.callTool({ name: 'list_channels', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('SLACK_BOT_TOKEN');
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it('an invalid setting stops start-up with one line naming the variable', async () => {
    await expect(createSlackService({ LOG_LEVEL: 'silent', SLACK_TIMEOUT_MS: 'soon' }).init()).rejects.toThrow(
      /^Invalid configuration: SLACK_TIMEOUT_MS is invalid/,
    );
    await expect(createSlackService({ LOG_LEVEL: 'silent', SLACK_BASE_URL: 'slack.com' }).init()).rejects.toThrow(/SLACK_BASE_URL/);
  });

  it('SLACK_READ_ONLY keeps the read-only tools only', async () => {
    harness = await startHarness({ env: { SLACK_READ_ONLY: 'true' } });
    const { tools } = await harness.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'get_channel_history',
      'get_thread',
      'health_check',
      'list_channels',
      'list_users',
      'lookup_user',
      'search_messages',
    ]);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
  });

  it('sends a traceparent per call and counts the calls in the metrics', async () => {
    harness = await startHarness({ routes: (app) => app.post('/conversations.list', (c) => c.json({ ok: true, channels: [] })) });
    await harness.client.callTool({ name: 'list_channels', arguments: {} });
    expect(harness.upstream.requests.find((r) => r.path === '/conversations.list')?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const metrics = await (await harness.service.fetch(new Request('http://localhost/metrics'))).text();
    expect(metrics).toMatch(/mcp_upstream_requests_total\{[^}]*service="slack"[^}]*upstream="slack"[^}]*status="200"[^}]*\} [1-9]/);
  });
});
