import { healthOf, serviceContractSuite } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackService } from '../src/server.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('slack service', () => {
  serviceContractSuite({
    createService: createSlackService,
    startHarness: (env) => startHarness({ env }),
    healthy: {
      title: 'is healthy against a working Slack, probing auth.test and naming the team',
      check: (body, h) => {
        expect(body.components.upstream_probe).toMatchObject({ status: 'healthy', metadata: { circuit: 'closed', team: 'Subarachnoid Workspace' } });
        expect(h.upstream.requests.map((r) => r.path)).toEqual(['/auth.test']);
      },
    },
    missingConfig: {
      title: 'without configuration it starts degraded, and tools name the missing variable',
      mentions: ['SLACK_BOT_TOKEN'],
      tools: [{ name: 'list_channels' }],
      toolMentions: 'SLACK_BOT_TOKEN',
    },
    invalidSettings: [
      { name: 'SLACK_TIMEOUT_MS', value: 'soon', error: /^Invalid configuration: SLACK_TIMEOUT_MS is invalid/ },
      { name: 'SLACK_BASE_URL', value: 'slack.com' },
    ],
    readOnly: {
      title: 'SLACK_READ_ONLY keeps the read-only tools only',
      env: { SLACK_READ_ONLY: 'true' },
      tools: ['get_channel_history', 'get_thread', 'health_check', 'list_channels', 'list_users', 'lookup_user', 'search_messages'],
    },
  });

  it('reports unhealthy naming SLACK_BOT_TOKEN when Slack rejects it', async () => {
    harness = await startHarness({ routes: (app) => app.post('/auth.test', (c) => c.json({ ok: false, error: 'token_revoked' })) });
    const { body } = await healthOf(harness.service);
    expect(body.components.upstream_probe?.status).toBe('unhealthy');
    expect(body.components.upstream_probe?.message).toContain('SLACK_BOT_TOKEN');
  });

  it('sends a traceparent per call and counts the calls in the metrics', async () => {
    harness = await startHarness({ routes: (app) => app.post('/conversations.list', (c) => c.json({ ok: true, channels: [] })) });
    await harness.client.callTool({ name: 'list_channels', arguments: {} });
    expect(harness.upstream.requests.find((r) => r.path === '/conversations.list')?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const metrics = await (await harness.service.fetch(new Request('http://localhost/metrics'))).text();
    expect(metrics).toMatch(/mcp_upstream_requests_total\{[^}]*service="slack"[^}]*upstream="slack"[^}]*status="200"[^}]*\} [1-9]/);
  });
});
