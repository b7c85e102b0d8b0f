import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { LinuxCliClient } from '../client.js';
import { hostInput } from '../models.js';
import { runFixed } from '../run.js';

const MAX_DISKS = 64;

/** `free -b`: the Mem: and Swap: rows. */
export function parseFree(text: string) {
  const row = (label: string) =>
    text
      .split('\n')
      .find((l) => l.startsWith(label))
      ?.trim()
      .split(/\s+/)
      .slice(1)
      .map(Number) ?? [];
  const [total = 0, used = 0, free = 0, , , available = free] = row('Mem:');
  const [swapTotal = 0, swapUsed = 0] = row('Swap:');
  return { totalBytes: total, usedBytes: used, freeBytes: free, availableBytes: available, swapTotalBytes: swapTotal, swapUsedBytes: swapUsed };
}

/** `df -P -B1`: one row per file system (POSIX format: mount point last, may hold spaces). */
export function parseDf(text: string) {
  return text
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [filesystem = '', size = '0', used = '0', available = '0', capacity = '0', ...mount] = line.trim().split(/\s+/);
      return {
        filesystem,
        sizeBytes: Number(size),
        usedBytes: Number(used),
        availableBytes: Number(available),
        usePercent: Number.parseInt(capacity, 10) || 0,
        mount: mount.join(' '),
      };
    })
    .slice(0, MAX_DISKS);
}

export const systemInfo = defineTool({
  name: 'system_info',
  title: 'System overview',
  description: 'OS, kernel, uptime, load, memory and disks of a machine (uname -a, /etc/os-release, /proc/uptime, /proc/loadavg, free -b, df -P -B1), parsed.',
  input: z.object({ host: hostInput }),
  output: z.object({
    host: z.string(),
    kernel: z.string(),
    os: z.string().optional(),
    uptimeSeconds: z.number().optional(),
    loadAverage: z.array(z.number()).optional(),
    memory: z
      .object({
        totalBytes: z.number(),
        usedBytes: z.number(),
        freeBytes: z.number(),
        availableBytes: z.number(),
        swapTotalBytes: z.number(),
        swapUsedBytes: z.number(),
      })
      .optional(),
    disks: z.array(
      z.object({ filesystem: z.string(), sizeBytes: z.number(), usedBytes: z.number(), availableBytes: z.number(), usePercent: z.number(), mount: z.string() }),
    ),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async ({ host }, { client, signal }: ToolContext<LinuxCliClient>) => {
    const on = client.target(host);
    const run = (argv: string[]) => runFixed(client, on, { segments: [argv], operators: [] }, { signal, timeoutMs: 10_000 });
    const [uname, osRelease, uptime, loadavg, free, df] = await Promise.all([
      run(['uname', '-a']),
      run(['cat', '/etc/os-release']),
      run(['cat', '/proc/uptime']),
      run(['cat', '/proc/loadavg']),
      run(['free', '-b']),
      run(['df', '-P', '-B1']),
    ]);
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease.stdoutText)?.[1];
    const up = Number.parseFloat(uptime.stdoutText);
    const load = loadavg.stdoutText.trim().split(/\s+/).slice(0, 3).map(Number);
    return {
      host: on.name,
      kernel: uname.stdoutText.trim(),
      ...(pretty && { os: pretty }),
      ...(Number.isFinite(up) && { uptimeSeconds: Math.round(up) }),
      ...(load.length === 3 && load.every(Number.isFinite) && { loadAverage: load }),
      ...(free.exitCode === 0 && { memory: parseFree(free.stdoutText) }),
      disks: df.exitCode === 0 || df.stdoutText ? parseDf(df.stdoutText) : [],
    };
  },
});
