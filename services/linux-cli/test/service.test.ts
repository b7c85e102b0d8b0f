import { connectInProcess } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinuxCliService } from '../src/server.js';
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

describe('linux-cli service', () => {
  it('is healthy against a working upstream, showing the circuit and the quota', async () => {
    harness = await startHarness();
    await harness.client.callTool({ name: 'health_check', arguments: {} });
    const { status, body } = await healthOf(harness.service);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.components.upstream_probe?.status).toBe('healthy');
    expect(body.components['upstream:linux-cli']?.metadata).toMatchObject({ circuit: 'closed', rateLimit: { remaining: 4999 } });
  });

  it('without configuration it starts degraded, and tools name the missing variables', async () => {
    const service = createLinuxCliService({ LOG_LEVEL: 'silent' });
    const client = await connectInProcess(service);
    try {
      const { status, body } = await healthOf(service);
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.components.configuration?.message).toContain('LINUX_CLI_BASE_URL');
      const result = await client.callTool({ name: 'health_check', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('LINUX_CLI_BASE_URL');
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it('an invalid setting stops start-up with one line naming the variable', async () => {
    const service = createLinuxCliService({ LOG_LEVEL: 'silent', LINUX_CLI_TIMEOUT_MS: 'soon' });
    await expect(service.init()).rejects.toThrow(/^Invalid configuration: LINUX_CLI_TIMEOUT_MS is invalid/);
  });

  it('LINUX_CLI_READ_ONLY keeps the read-only tools only', async () => {
    harness = await startHarness({ env: { LINUX_CLI_READ_ONLY: 'true' } });
    const { tools } = await harness.client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
  });

  it('keeps caller-supplied paths on the upstream', async () => {
    const { pathBelow } = await import('../src/client.js');
    expect(pathBelow('https://api.example.com/v2', '/items?x=1')).toBe('/items?x=1');
    for (const bad of ['//evil.example/x', 'https://evil.example/', '/../admin', '/%2e%2e/admin', 'items', '/a\\b']) {
      expect(() => pathBelow('https://api.example.com/v2', bad), bad).toThrow(/is not a path on/);
    }
  });
});
