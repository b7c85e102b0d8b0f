import { healthOf, serviceContractSuite } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinuxCliService } from '../src/server.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('linux-cli service', () => {
  serviceContractSuite({
    createService: createLinuxCliService,
    startHarness: (env) => startHarness({ env }),
    healthy: {
      title: 'is healthy with its roots, showing identity and kernel',
      check: (body, h) =>
        expect(body.components.local?.metadata).toMatchObject({ identity: expect.stringContaining('@local'), roots: [h.fixture.app, h.fixture.data] }),
    },
    missingConfig: {
      title: 'without LINUX_CLI_ROOTS it starts degraded (no base URL needed), and tools name the variable',
      mentions: ['LINUX_CLI_ROOTS'],
      notMentioned: ['BASE_URL'],
      tools: [{ name: 'run_command', arguments: { command: 'ls' } }],
      toolMentions: 'LINUX_CLI_ROOTS',
    },
    invalidSettings: [
      { name: 'LINUX_CLI_TIMEOUT_MS', value: 'soon' },
      { name: 'LINUX_CLI_ROOTS', value: 'relative/path' },
      { name: 'LINUX_CLI_SSH_HOSTS', value: '{not json' },
      { name: 'LINUX_CLI_SSH_HOSTS', value: '{"web":{"host":"h","username":"u","roots":["/srv"]}}' },
      { name: 'LINUX_CLI_SSH_HOSTS', value: '{"web":{"host":"h","username":"u","privateKeyPath":"/k","roots":["/srv"],"password":"inline"}}' },
      { name: 'LINUX_CLI_BACKUP_DIR', value: '../escape' },
    ],
    readOnly: {
      title: 'LINUX_CLI_READ_ONLY keeps the read-only tools only',
      env: { LINUX_CLI_READ_ONLY: 'true' },
      includes: ['run_command', 'read_file'],
      excludes: ['write_file'],
    },
    annotations: {
      title: 'marks every write tool destructive, so the gateway asks for approval',
      destructive: ['run_write_command', 'service_control', 'write_file'],
      writes: ['run_write_command', 'service_control', 'write_file'],
    },
  });

  it('reports a root that does not exist', async () => {
    harness = await startHarness({ env: { LINUX_CLI_ROOTS: '/nonexistent-root-for-test' } });
    const { body } = await healthOf(harness.service);
    expect(body.components.local).toMatchObject({ status: 'unhealthy', message: expect.stringContaining('/nonexistent-root-for-test') });
  });
});
