import { defineTool, UpstreamError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { LinuxCliClient } from '../client.js';
import { hostInput } from '../models.js';
import { runFixed } from '../run.js';

/** `ps -eo pid,user,%cpu,%mem,rss,etimes,comm --no-headers`: one process per line, the command name last (may hold spaces). */
export function parsePs(text: string) {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const [pid = '0', user = '', cpu = '0', mem = '0', rss = '0', elapsed = '0', ...command] = line.trim().split(/\s+/);
      return {
        pid: Number(pid),
        user,
        cpuPercent: Number(cpu),
        memPercent: Number(mem),
        rssBytes: Number(rss) * 1024,
        elapsedSeconds: Number(elapsed),
        command: command.join(' '),
      };
    });
}

export const processList = defineTool({
  name: 'process_list',
  title: 'Top processes',
  description:
    'The processes using the most CPU or memory on a machine (ps), at most `limit`: pid, user, CPU %, memory %, RSS bytes, run time and command name.',
  input: z.object({ host: hostInput, sort: z.enum(['cpu', 'mem']).default('cpu'), limit: z.number().int().min(1).max(200).default(20) }),
  output: z.object({
    host: z.string(),
    processes: z.array(
      z.object({
        pid: z.number(),
        user: z.string(),
        cpuPercent: z.number(),
        memPercent: z.number(),
        rssBytes: z.number(),
        elapsedSeconds: z.number(),
        command: z.string(),
      }),
    ),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async ({ host, sort, limit }, { client, signal }: ToolContext<LinuxCliClient>) => {
    const on = client.target(host);
    const argv = ['ps', '-eo', 'pid,user,%cpu,%mem,rss,etimes,comm', `--sort=${sort === 'cpu' ? '-%cpu' : '-%mem'}`, '--no-headers'];
    const result = await runFixed(client, on, { segments: [argv], operators: [] }, { signal, timeoutMs: 10_000 });
    if (result.exitCode !== 0) throw new UpstreamError(`ps failed on ${on.name}: ${result.stderrText.trim().slice(0, 300)}`);
    return { host: on.name, processes: parsePs(result.stdoutText).slice(0, limit) };
  },
});
