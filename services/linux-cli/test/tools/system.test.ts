import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText } from '../../src/client.js';
import { parseDf, parseFree } from '../../src/tools/system-info.js';
import { type Harness, startHarness, textOf } from '../harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('system tools', () => {
  it('health_check proves the local machine works', async () => {
    const result = await harness.call('health_check');
    expect(result.structuredContent).toMatchObject({
      ok: true,
      host: 'local',
      identity: expect.stringMatching(/@local$/),
      kernel: expect.stringMatching(/^Linux /),
    });
  });

  it('list_hosts shows local and its roots', async () => {
    const result = await harness.call('list_hosts');
    expect(result.structuredContent).toEqual({
      hosts: [{ name: 'local', kind: 'local', roots: [harness.fixture.app, harness.fixture.data], allowShell: false }],
    });
  });

  it('system_info parses kernel, uptime, load, memory and disks', async () => {
    const result = await harness.call('system_info');
    expect(result.isError, textOf(result)).toBeFalsy();
    const info = result.structuredContent as { kernel: string; uptimeSeconds: number; loadAverage: number[]; memory: { totalBytes: number }; disks: unknown[] };
    expect(info.kernel).toMatch(/^Linux /);
    expect(info.uptimeSeconds).toBeGreaterThan(0);
    expect(info.loadAverage).toHaveLength(3);
    expect(info.memory.totalBytes).toBeGreaterThan(0);
    expect(info.disks.length).toBeGreaterThan(0);
  });

  it('parses free -b and df -P -B1 output', () => {
    const free =
      '               total        used        free      shared  buff/cache   available\nMem:     16000000000  4000000000  8000000000    1000000  4000000000 11000000000\nSwap:     2000000000           0  2000000000\n';
    expect(parseFree(free)).toEqual({ totalBytes: 16e9, usedBytes: 4e9, freeBytes: 8e9, availableBytes: 11e9, swapTotalBytes: 2e9, swapUsedBytes: 0 });
    const df =
      'Filesystem     1-byte-blocks        Used   Available Capacity Mounted on\n/dev/sda1       100000000000 40000000000 60000000000      40% /\n/dev/sdb1 1000 10 990 1% /mnt/my disk\n';
    expect(parseDf(df)).toEqual([
      { filesystem: '/dev/sda1', sizeBytes: 1e11, usedBytes: 4e10, availableBytes: 6e10, usePercent: 40, mount: '/' },
      { filesystem: '/dev/sdb1', sizeBytes: 1000, usedBytes: 10, availableBytes: 990, usePercent: 1, mount: '/mnt/my disk' },
    ]);
  });

  it('strips terminal escapes and control characters from output', () => {
    expect(cleanText(Buffer.from('\u001b[31mred\u001b[0m \u001b]0;title\u0007ok\u0008\n\ttab'))).toBe('red ok\n\ttab');
  });

  it('process_list returns the top processes, bounded', async () => {
    const result = await harness.call('process_list', { sort: 'mem', limit: 3 });
    const processes = result.structuredContent?.processes as Array<{ pid: number; command: string }>;
    expect(processes.length).toBeGreaterThan(0);
    expect(processes.length).toBeLessThanOrEqual(3);
    expect(processes[0]?.pid).toBeGreaterThan(0);
  });

  it('tail_logs runs journalctl with its arguments as single words', async () => {
    const result = await harness.call('tail_logs', { unit: 'nginx.service', since: '1 hour ago', lines: 20, priority: 'err' });
    expect(result.structuredContent).toMatchObject({ unit: 'nginx.service', truncated: false });
    expect(result.structuredContent?.lines).toEqual([
      'arg: --unit=nginx.service',
      'arg: --lines=20',
      'arg: --no-pager',
      'arg: --output=short-iso',
      'arg: --since=1 hour ago',
      'arg: --priority=err',
      '2024-05-01T10:00:00+0000 host nginx[1]: started',
    ]);
    expect(textOf(await harness.call('tail_logs', { unit: 'missing.service' }))).toMatch(/No journal for missing\.service/);
  });

  it.each(['-rf', 'nginx;id', 'a b', '$(id)', '--help'])('tail_logs and service_control refuse the unit %j', async (unit) => {
    expect((await harness.call('tail_logs', { unit })).isError).toBe(true);
    expect((await harness.call('service_control', { unit, action: 'restart' })).isError).toBe(true);
  });

  it('service_control runs systemctl and reports the state', async () => {
    const ok = await harness.call('service_control', { unit: 'nginx.service', action: 'restart' });
    expect(ok.structuredContent).toMatchObject({ ok: true, exitCode: 0, activeState: 'active' });
    const failed = await harness.call('service_control', { unit: 'broken.service', action: 'start' });
    expect(failed.structuredContent).toMatchObject({ ok: false, exitCode: 1, error: 'Job for broken.service failed.' });
  });
});
