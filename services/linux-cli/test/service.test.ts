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
  it('is healthy with its roots, showing identity and kernel', async () => {
    harness = await startHarness();
    const { status, body } = await healthOf(harness.service);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.components.local?.metadata).toMatchObject({ identity: expect.stringContaining('@local'), roots: [harness.fixture.app, harness.fixture.data] });
  });

  it('reports a root that does not exist', async () => {
    harness = await startHarness({ env: { LINUX_CLI_ROOTS: '/nonexistent-root-for-test' } });
    const { body } = await healthOf(harness.service);
    expect(body.components.local).toMatchObject({ status: 'unhealthy', message: expect.stringContaining('/nonexistent-root-for-test') });
  });

  it('without LINUX_CLI_ROOTS it starts degraded (no base URL needed), and tools name the variable', async () => {
    const service = createLinuxCliService({ LOG_LEVEL: 'silent' });
    const client = await connectInProcess(service);
    try {
      const { status, body } = await healthOf(service);
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.components.configuration?.message).toContain('LINUX_CLI_ROOTS');
      expect(body.components.configuration?.message).not.toContain('BASE_URL');
      const result = await client.callTool({ name: 'run_command', arguments: { command: 'ls' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('LINUX_CLI_ROOTS');
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it.each([
    ['LINUX_CLI_TIMEOUT_MS', 'soon'],
    ['LINUX_CLI_ROOTS', 'relative/path'],
    ['LINUX_CLI_SSH_HOSTS', '{not json'],
    ['LINUX_CLI_SSH_HOSTS', '{"web":{"host":"h","username":"u","roots":["/srv"]}}'],
    ['LINUX_CLI_SSH_HOSTS', '{"web":{"host":"h","username":"u","privateKeyPath":"/k","roots":["/srv"],"password":"inline"}}'],
    ['LINUX_CLI_BACKUP_DIR', '../escape'],
  ])('an invalid %s stops start-up with one line naming it', async (name, value) => {
    const service = createLinuxCliService({ LOG_LEVEL: 'silent', [name]: value });
    await expect(service.init()).rejects.toThrow(new RegExp(`^Invalid configuration: ${name}`));
  });

  it('LINUX_CLI_READ_ONLY keeps the read-only tools only', async () => {
    harness = await startHarness({ env: { LINUX_CLI_READ_ONLY: 'true' } });
    const { tools } = await harness.client.listTools();
    expect(tools.map((t) => t.name)).not.toEqual(expect.arrayContaining(['write_file']));
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['run_command', 'read_file']));
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
  });

  it('marks every write tool destructive, so the gateway asks for approval', async () => {
    harness = await startHarness();
    const { tools } = await harness.client.listTools();
    const writes = tools.filter((t) => !t.annotations?.readOnlyHint).map((t) => t.name);
    expect(writes.sort()).toEqual(['run_write_command', 'service_control', 'write_file']);
    for (const tool of tools.filter((t) => !t.annotations?.readOnlyHint)) expect(tool.annotations?.destructiveHint).toBe(true);
  });
});
