import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { LinuxCliClient } from '../client.js';
import { hostInput } from '../models.js';
import { runFixed } from '../run.js';
import { unitName } from './tail-logs.js';

export const serviceControl = defineTool({
  name: 'service_control',
  title: 'Start, stop, restart or reload a service',
  description:
    "Runs systemctl start|stop|restart|reload UNIT on a machine, then reports the unit's active state (systemctl is-active). Stopping a service interrupts whatever it serves. Destructive: needs approval through the gateway.",
  input: z.object({ unit: unitName, action: z.enum(['start', 'stop', 'restart', 'reload']), host: hostInput }),
  output: z.object({
    host: z.string(),
    unit: z.string(),
    action: z.string(),
    ok: z.boolean(),
    exitCode: z.number().nullable(),
    activeState: z.string().describe('systemctl is-active after the action: active, inactive, failed…'),
    error: z.string().optional(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  render: (o) =>
    o.ok
      ? `${o.action} ${o.unit} on ${o.host}: now ${o.activeState}.`
      : `${o.action} ${o.unit} on ${o.host} failed (exit ${o.exitCode}): ${o.error}; state ${o.activeState}.`,
  handler: async ({ unit, action, host }, { client, signal, logger }: ToolContext<LinuxCliClient>) => {
    const on = client.target(host);
    logger.info({ audit: { action: `service_${action}`, host: on.name, unit } }, 'service control');
    const result = await runFixed(client, on, { segments: [['systemctl', action, unit]], operators: [] }, { signal });
    const state = await runFixed(client, on, { segments: [['systemctl', 'is-active', unit]], operators: [] }, { signal, timeoutMs: 10_000 });
    return {
      host: on.name,
      unit,
      action,
      ok: result.exitCode === 0,
      exitCode: result.exitCode,
      activeState: state.stdoutText.trim() || 'unknown',
      ...(result.exitCode !== 0 && { error: (result.stderrText.trim() || (result.timedOut ? 'timed out' : 'failed')).slice(0, 500) }),
    };
  },
});
