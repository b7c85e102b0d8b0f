import { connectHttp } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinuxCliService } from '../src/server.js';
import { type Fixture, makeFixture, testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
let fixture: Fixture;
let service: ReturnType<typeof createLinuxCliService>;
let mcpUrl: string;
let origin: string;

beforeAll(async () => {
  fixture = makeFixture();
  service = createLinuxCliService(testEnv(fixture));
  const server = await service.start({ host: '127.0.0.1', port: 0 });
  mcpUrl = server.url;
  origin = new URL(server.url).origin;
});
afterAll(async () => {
  await service?.stop();
  fixture?.cleanup();
});

describe('linux-cli over HTTP on 127.0.0.1', () => {
  it('lists and calls tools with a 2026-07-28 client', async () => {
    const client = await connectHttp(mcpUrl);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['health_check', 'run_command', 'write_file']));
      expect((await client.callTool({ name: 'health_check', arguments: {} })).structuredContent).toMatchObject({ ok: true });
      const run = await client.callTool({ name: 'run_command', arguments: { command: 'wc -l notes.txt' } });
      expect(run.structuredContent).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^3 notes\.txt/) });
      const refused = await client.callTool({ name: 'run_command', arguments: { command: 'rm -rf /' } });
      expect(refused.isError).toBe(true);
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
    expect(await live.json()).toMatchObject({ status: 'alive', service: 'linux-cli' });
    expect((await fetch(`${origin}/health/ready`)).status).toBe(200);
    const health = (await (await fetch(`${origin}/health`)).json()) as { status: string };
    expect(health.status).toBe('healthy');
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    const calls = metrics.split('\n').filter((line) => line.startsWith('mcp_tool_calls_total{'));
    expect(calls.some((line) => line.includes('service="linux-cli"') && line.includes('tool="health_check"'))).toBe(true);
  });
});
