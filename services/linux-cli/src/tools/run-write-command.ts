import { defineTool, type ToolContext } from '@mcp/runtime';
import type { LinuxCliClient } from '../client.js';
import { commandResult, renderCommand } from '../models.js';
import { backUp, runPlan } from '../run.js';
import { commandInput } from './run-command.js';

export const runWriteCommand = defineTool({
  name: 'run_write_command',
  title: 'Run a command that changes files or services',
  description:
    'Runs an allowlisted command that changes the machine (mkdir, cp, mv, touch, kill, systemctl restart…) after the same security validator as run_command. Every existing file or directory it names is first copied into the backup directory of its root; the copies are listed in the answer. Destructive: needs approval through the gateway.',
  input: commandInput,
  output: commandResult,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  largeResult: true,
  render: renderCommand,
  handler: async ({ command, cwd, host, timeout_ms }, { client, signal, logger }: ToolContext<LinuxCliClient>) => {
    const on = client.target(host);
    const plan = await client.validate(command, on, cwd);
    const backups = plan.class === 'write' ? await backUp(client, on, plan.paths) : [];
    logger.info({ audit: { action: 'run_write_command', host: on.name, argv: plan.segments, backups: backups.length } }, 'write command');
    return runPlan(client, on, plan, { timeoutMs: timeout_ms, signal, backups });
  },
});
