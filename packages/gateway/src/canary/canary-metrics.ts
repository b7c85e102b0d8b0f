import { defineCounter, defineGauge } from '@mcp/runtime';

/** Current percent of a backend's calls sent to its canary (0 after a rollback, 100 once promoted). */
const weight = defineGauge({
  name: 'mcp_canary_weight',
  help: 'Percent of tool calls routed to the canary target',
  labelNames: ['service', 'backend'] as const,
});

/** Canary rollbacks, automatic (actor "auto") or by hand. */
const rollbacks = defineCounter({ name: 'mcp_canary_rollbacks_total', help: 'Canary rollbacks', labelNames: ['service', 'backend', 'actor'] as const });

export function setCanaryWeight(backend: string, percent: number): void {
  weight.set({ service: 'gateway', backend }, percent);
}

export function countCanaryRollback(backend: string, actor: string): void {
  rollbacks.inc({ service: 'gateway', backend, actor });
}
