import { defineTool, isToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { LinuxCliClient } from '../client.js';
import { hostInput } from '../models.js';

export const validateCommand = defineTool({
  name: 'validate_command',
  title: 'Check a command without running it',
  description:
    'Dry run of the security validator: says whether a command would be allowed on a machine, whether it is a read (run_command) or a write (run_write_command, needs approval), the argv it would run, and for a refusal the rule and the reason. Nothing is executed.',
  input: z.object({
    command: z.string().max(65_536).describe('A command line, e.g. "ls -la /srv/app"'),
    cwd: z.string().max(4096).optional().describe('Working directory inside a root (default: the first root)'),
    host: hostInput,
  }),
  output: z.object({
    allowed: z.boolean(),
    class: z.enum(['read', 'write']).optional(),
    tool: z.enum(['run_command', 'run_write_command']).optional().describe('The tool that runs it'),
    argv: z.array(z.array(z.string())).optional(),
    operators: z.array(z.string()).optional(),
    cwd: z.string().optional(),
    paths: z.array(z.string()).optional().describe('Canonical paths the arguments resolve to'),
    rule: z.string().optional().describe('The rule that refused it'),
    reason: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  render: (o) =>
    o.allowed
      ? `Allowed (${o.class}, via ${o.tool}): ${o.argv?.map((a) => a.join(' ')).join(` ${o.operators?.[0] ?? '|'} `)}`
      : `Refused (${o.rule}): ${o.reason}`,
  handler: async ({ command, cwd, host }, { client }: ToolContext<LinuxCliClient>) => {
    const on = client.target(host);
    try {
      const plan = await client.validate(command, on, cwd);
      return {
        allowed: true,
        class: plan.class,
        tool: plan.class === 'read' ? ('run_command' as const) : ('run_write_command' as const),
        argv: plan.segments,
        operators: plan.operators,
        cwd: plan.cwd,
        paths: plan.paths,
      };
    } catch (error) {
      if (isToolError(error) && error.code === 'forbidden') return { allowed: false, rule: String(error.details?.rule), reason: error.toText() };
      throw error;
    }
  },
});
