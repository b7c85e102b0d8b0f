import { connectHttp } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretsService } from '../src/server.js';
import { type Harness, startHarness, testEnv } from './harness.js';
import { VALUES } from './kdbx-fixture.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
let h: Harness;
let service: ReturnType<typeof createSecretsService>;
let mcpUrl: string;
let origin: string;

beforeAll(async () => {
  h = await startHarness();
  service = createSecretsService(testEnv(h, { LOG_LEVEL: 'silent' }));
  const server = await service.start({ host: '127.0.0.1', port: 0 });
  mcpUrl = server.url;
  origin = new URL(server.url).origin;
});
afterAll(async () => {
  await service?.stop();
  await h?.close();
});

describe('secrets over HTTP on 127.0.0.1', () => {
  it('lists and calls tools with a 2026-07-28 client', async () => {
    const client = await connectHttp(mcpUrl);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['health_check', 'list_secrets', 'get_secret']));
      expect((await client.callTool({ name: 'health_check', arguments: {} })).structuredContent).toMatchObject({ ok: true });
      const secret = await client.callTool({ name: 'get_secret', arguments: { backend: 'kdbx', name: 'Servers/db-prod', reason: 'integration test' } });
      expect(secret.structuredContent).toMatchObject({ value: VALUES.db, sensitive: true });
    } finally {
      await client.close();
    }
  });

  it('serves 2025-era clients (initialize handshake, sessions)', async () => {
    const client = await connectHttp(mcpUrl, { protocol: 'legacy' });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('health_check');
    } finally {
      await client.close();
    }
  });

  it('answers the probes and serves metrics labelled with the service', async () => {
    const live = await fetch(`${origin}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'alive', service: 'secrets' });
    expect((await fetch(`${origin}/health/ready`)).status).toBe(200);
    const health = (await (await fetch(`${origin}/health`)).json()) as { status: string };
    expect(health.status).toBe('healthy');
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    const lines = metrics.split('\n');
    expect(lines.some((line) => line.startsWith('mcp_tool_calls_total{') && line.includes('service="secrets"') && line.includes('tool="get_secret"'))).toBe(
      true,
    );
    expect(lines.some((line) => line.startsWith('mcp_upstream_requests_total{') && line.includes('upstream="vault"'))).toBe(true);
  });
});
